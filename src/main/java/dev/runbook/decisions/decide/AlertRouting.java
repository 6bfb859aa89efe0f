package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.runtime.Startup;

import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.FactRule;
import dev.runbook.decisions.ingest.FactSchema;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.LenientValues;

/**
 * Turns an alert into incident facts. Labels, annotations and values whose key names a fact (camelCase or snake_case)
 * become that fact, read leniently in its unit; the service is the workload dmn/alert-workload-labels.dmn finds in
 * the labels; dmn/alert-routing.dmn adds the incident type and the facts its Kubernetes reason or alertname implies,
 * and dmn/alert-severity.dmn what its severity label implies, unless the alert says otherwise. A value that cannot
 * be used is left out with a warning, so one odd annotation never loses the alert. Every fact keeps where it came from.
 */
@Startup
@Singleton
public class AlertRouting {

    static final String ROUTING_MODEL = "alert-routing";
    static final String SEVERITY_MODEL = "alert-severity";
    private static final Map<String, String> FACTS_BY_KEY = factsByKey();

    private final ModelRegistry registry;

    public AlertRouting(ModelRegistry registry) {
        this.registry = registry;
    }

    /** Maps with the models published now. */
    public MappedAlert map(AlertEvent alert) {
        return map(registry.current(), alert);
    }

    /** Maps with {@code models} only, the set the decision on this alert will use. */
    public MappedAlert map(ModelSet models, AlertEvent alert) {
        return map(models, alert, ModelMemo.NONE);
    }

    /** As {@link #map(ModelSet, AlertEvent)}, each routing model answered from {@code memo} when it already ran on the same inputs. */
    public MappedAlert map(ModelSet models, AlertEvent alert, ModelMemo memo) {
        WorkloadLabels workloadLabels = models.workloadLabels();
        List<String> warnings = new ArrayList<>();
        ObjectNode facts = JsonNodeFactory.instance.objectNode();
        Map<String, String> sources = new LinkedHashMap<>();
        readFacts(alert.labels(), "label:", facts, sources, warnings);
        readFacts(alert.annotations(), "annotation:", facts, sources, warnings);
        readFacts(alert.values(), "value:", facts, sources, warnings);
        List<String> passedOver = new ArrayList<>();
        Optional<WorkloadLabels.Found> workload = workloadLabels.find(alert.labels(), passedOver);
        if (workload.isEmpty()) {
            return new MappedAlert(null, warnings, List.of(), "no label names the affected service (tried "
                    + String.join(", ", workloadLabels.tried()) + (passedOver.isEmpty() ? "" : "; " + String.join("; ", passedOver)) + ")",
                    null, sources);
        }
        warnings.addAll(passedOver);
        facts.put("service", workload.get().service());
        sources.put("service", "label:" + workload.get().label());
        List<Explanation> rows = new ArrayList<>();
        Map<String, Object> routingInputs = new HashMap<>();
        routingInputs.put("alertname", alert.labels().get("alertname"));
        routingInputs.put("reason", alert.labels().get("reason"));
        addRouted(models, memo, ROUTING_MODEL, "alertRoute", routingInputs, facts, sources, rows);
        Map<String, Object> severityInputs = new HashMap<>();
        severityInputs.put("alertSeverity", Optional.ofNullable(alert.labels().get("severity")).map(s -> s.toLowerCase(Locale.ROOT)).orElse(null));
        severityInputs.put("symptom", facts.path("symptom").textValue());
        addRouted(models, memo, SEVERITY_MODEL, "severityLabelFacts", severityInputs, facts, sources, rows);
        rows.add(workload.get().row());
        facts.put("dedupKey", alert.dedupKey());
        return new MappedAlert(FactsParser.fromJson(facts), warnings, List.copyOf(rows), null, workload.get().label(), sources);
    }

    /**
     * Adds the facts the matched row of {@code model} gives and the alert does not, in the table's column order, each
     * sourced to that row.
     */
    private static void addRouted(ModelSet models, ModelMemo memo, String model, String decision, Map<String, Object> inputs, ObjectNode facts,
                           Map<String, String> sources, List<Explanation> rows) {
        DmnModel table = models.required(model);
        ModelResult result = table.evaluate(inputs, memo);
        rows.addAll(result.rows());
        String source = result.rows().stream().findFirst().map(r -> "routing:" + model + "#" + r.row()).orElse("routing:" + model);
        if (result.decisions().get(decision) instanceof Map<?, ?> route) {
            for (String column : table.decisionComponents(decision).keySet()) {
                Object value = route.get(column);
                if (value != null && !facts.has(column)) {
                    facts.set(column, value instanceof Boolean flag ? BooleanNode.valueOf(flag) : TextNode.valueOf(value.toString()));
                    sources.put(column, source);
                }
            }
        }
    }

    private static void readFacts(Map<String, String> given, String origin, ObjectNode facts, Map<String, String> sources,
                                  List<String> warnings) {
        given.forEach((key, text) -> factOf(key).ifPresent(fact -> read(fact, text, key, warnings).ifPresent(value -> {
            facts.set(fact, value);
            sources.put(fact, origin + key);
        })));
    }

    private static Optional<JsonNode> read(String fact, String text, String key, List<String> warnings) {
        FactRule rule = FactSchema.RULES.get(fact);
        Optional<JsonNode> value = LenientValues.read(fact, text).filter(v -> rule.check(v).isPresent());
        if (value.isEmpty()) {
            warnings.add("'" + key + "' = '" + text + "' left out: " + fact + " " + rule.problem());
        }
        return value;
    }

    private static Optional<String> factOf(String key) {
        return Optional.ofNullable(FACTS_BY_KEY.get(normalise(key)));
    }

    private static Map<String, String> factsByKey() {
        Map<String, String> facts = new HashMap<>();
        FactSchema.RULES.keySet().stream().filter(f -> !f.equals("service") && !f.equals("dedupKey"))
                .forEach(fact -> facts.put(normalise(fact), fact));
        return Map.copyOf(facts);
    }

    /**
     * Lower case, letters and digits only. A loop rather than {@code replaceAll("[^a-z0-9]", "")}, which compiles its
     * pattern on every call, and this runs for every label and annotation of every alert.
     */
    private static String normalise(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
