package dev.runbook.decisions.decide;

/** One named threshold or parameter from dmn/remediation-thresholds.dmn, as a fact the rules match on. */
public record Setting(String name, Object value) {

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
