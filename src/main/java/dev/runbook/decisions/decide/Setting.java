package dev.runbook.decisions.decide;

import java.util.List;
import java.util.Map;

/** One named threshold or parameter from dmn/remediation-thresholds.dmn, as a fact the rules match on. */
public record Setting(String name, Object value) {

    /** The rows of the {@code remediationSettings} decision (a list of {name, value} contexts) as settings. */
    public static List<Setting> fromRows(Object rows) {
        return rows instanceof List<?> list
                ? list.stream().map(row -> new Setting((String) ((Map<?, ?>) row).get("name"), ((Map<?, ?>) row).get("value"))).toList()
                : List.of();
    }

    public String getName() {
        return name;
    }

    public Double getNumber() {
        return value instanceof Number number ? number.doubleValue() : null;
    }

    public String getText() {
        return value == null ? null : value.toString();
    }
}
