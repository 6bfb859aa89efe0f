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

import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.FactRule;
import dev.runbook.decisions.ingest.FactSchema;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.LenientValues;

/**
 * Turns an alert into incident facts. Labels, annotations and values whose key names a fact (camelCase or snake_case)
 * become that fact, read leniently in its unit; dmn/alert-routing.dmn adds the incident type and the facts its
 * alertname implies, unless the alert says otherwise. A value that cannot be used is left out with a warning, so
 * one odd annotation never loses the alert.
 */
@Singleton
public class AlertRouting {

    static final String ROUTING_MODEL = "alert-routing";
    /** Where the affected Deployment's name is found, most specific first. */
    private static final List<String> SERVICE_LABELS = List.of("service", "deployment", "app_kubernetes_io_name", "app", "job");
    private static final Map<String, String> FACTS_BY_KEY = factsByKey();

    private final ModelRegistry registry;

    public AlertRouting(ModelRegistry registry) {
        this.registry = registry;
    }

    public MappedAlert map(AlertEvent alert) {
        List<String> warnings = new ArrayList<>();
        ObjectNode facts = JsonNodeFactory.instance.objectNode();
        Map<String, String> given = new LinkedHashMap<>(alert.labels());
        given.putAll(alert.annotations());
        given.putAll(alert.values());
        given.forEach((key, text) -> factOf(key).ifPresent(fact -> read(fact, text, key, warnings).ifPresent(v -> facts.set(fact, v))));
        serviceOf(alert.labels()).ifPresentOrElse(service -> facts.put("service", service), () -> facts.remove("service"));
        if (!facts.has("service")) {
            return new MappedAlert(null, warnings, List.of(), "no label names the affected service (tried " + String.join(", ", SERVICE_LABELS) + ")",
                    null, Map.of());
        }
        ModelResult routing = registry.required(ROUTING_MODEL).evaluate(routingInputs(alert));
        if (routing.decisions().get("alertRoute") instanceof Map<?, ?> route) {
            route.forEach((column, value) -> {
                if (value != null && !facts.has((String) column)) {
                    facts.set((String) column, value instanceof Boolean flag ? BooleanNode.valueOf(flag) : TextNode.valueOf(value.toString()));
                }
            });
        }
        facts.put("dedupKey", alert.dedupKey());
        return new MappedAlert(FactsParser.fromJson(facts), warnings, routing.rows(), null, null, Map.of());
    }

    private static Map<String, Object> routingInputs(AlertEvent alert) {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("alertname", alert.labels().get("alertname"));
        inputs.put("alertSeverity", alert.labels().get("severity"));
        return inputs;
    }

    private static Optional<JsonNode> read(String fact, String text, String key, List<String> warnings) {
        FactRule rule = FactSchema.RULES.get(fact);
        Optional<JsonNode> value = LenientValues.read(fact, text).filter(v -> rule.check(v).isPresent());
        if (value.isEmpty()) {
            warnings.add("'" + key + "' = '" + text + "' left out: " + fact + " " + rule.problem());
        }
        return value;
    }

    /** The first service-like label, made a Kubernetes name (lower case, other characters as '-'). */
    private static Optional<String> serviceOf(Map<String, String> labels) {
        return SERVICE_LABELS.stream().map(labels::get).filter(v -> v != null && !v.isBlank())
                .map(v -> v.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("^[-.]+|[-.]+$", ""))
                .filter(v -> !v.isEmpty()).findFirst().map(v -> v.length() > 253 ? v.substring(0, 253) : v);
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

    private static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
