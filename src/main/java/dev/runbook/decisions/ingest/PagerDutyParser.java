package dev.runbook.decisions.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.domain.Hashing;

/**
 * A PagerDuty Events API v2 event. Its payload becomes an alert: {@code custom_details} are its labels, the event
 * class (or custom_details.alertname) its alertname, the component or source its service. The routing key is
 * required but never kept: the event as recorded has it masked.
 */
public final class PagerDutyParser {

    public static final String MASK = "********";
    private static final List<String> ACTIONS = List.of("trigger", "acknowledge", "resolve");
    private static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

    private PagerDutyParser() {
    }

    public static AlertDelivery parse(byte[] body) {
        JsonNode event = FactsParser.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        JsonFields.text(event, "routing_key", "routing_key", true, errors);
        String action = JsonFields.oneOf(event, "event_action", "event_action", ACTIONS, errors);
        String dedupKey = JsonFields.text(event, "dedup_key", "dedup_key", action != null && !"trigger".equals(action), errors);
        Map<String, String> labels = new TreeMap<>();
        Map<String, String> annotations = new TreeMap<>();
        if ("trigger".equals(action)) {
            payload(event.get("payload"), labels, annotations, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The PagerDuty event cannot be used", errors);
        }
        String key = dedupKey != null ? dedupKey : UUID.randomUUID().toString();
        ObjectNode received = ((ObjectNode) event.deepCopy()).put("routing_key", MASK);
        String eventKey = Hashing.sha256("pagerduty\n" + key + "\n" + received);
        AlertEvent.Action alertAction = switch (action) {
            case "resolve" -> AlertEvent.Action.RESOLVED;
            case "acknowledge" -> AlertEvent.Action.ACKNOWLEDGED;
            default -> AlertEvent.Action.FIRING;
        };
        return new AlertDelivery(List.of(
                new AlertEvent("pagerduty", alertAction, key, eventKey, labels, annotations, Map.of(), received)), null, null);
    }

    private static void payload(JsonNode payload, Map<String, String> labels, Map<String, String> annotations,
                                List<FieldError> errors) {
        if (payload == null || !payload.isObject()) {
            errors.add(new FieldError("payload", "is required for a trigger: an object with summary, source and severity"));
            return;
        }
        String summary = JsonFields.text(payload, "summary", "payload.summary", true, errors);
        String source = JsonFields.text(payload, "source", "payload.source", true, errors);
        String severity = JsonFields.oneOf(payload, "severity", "payload.severity", SEVERITIES, errors);
        String component = JsonFields.text(payload, "component", "payload.component", false, errors);
        String eventClass = JsonFields.text(payload, "class", "payload.class", false, errors);
        labels.putAll(JsonFields.strings(payload.get("custom_details"), "payload.custom_details", errors));
        labels.putIfAbsent("alertname", eventClass != null ? eventClass : String.valueOf(summary));
        labels.putIfAbsent("severity", String.valueOf(severity));
        labels.putIfAbsent("service", component != null ? component : String.valueOf(source));
        annotations.put("summary", String.valueOf(summary));
    }
}
