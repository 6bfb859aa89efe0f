package dev.runbook.decisions.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.runbook.decisions.domain.Hashing;

/**
 * The Alertmanager webhook payload (version 4), and Grafana's unified-alerting webhook, which has the same shape plus
 * {@code values}, {@code valueString}, {@code orgId}, {@code state}, {@code title} and {@code message}.
 */
public final class AlertmanagerParser {

    private static final List<String> STATUSES = List.of("firing", "resolved");

    private AlertmanagerParser() {
    }

    public static AlertDelivery alertmanager(byte[] body) {
        return parse(body, "alertmanager");
    }

    public static AlertDelivery grafana(byte[] body) {
        return parse(body, "grafana");
    }

    private static AlertDelivery parse(byte[] body, String source) {
        JsonNode payload = FactsParser.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        JsonNode alerts = payload.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            errors.add(new FieldError("alerts", "is required: the array of alerts of the notification"));
        }
        String receiver = JsonFields.text(payload, "receiver", "receiver", false, errors);
        String groupKey = JsonFields.text(payload, "groupKey", "groupKey", false, errors);
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; alerts != null && alerts.isArray() && i < alerts.size(); i++) {
            AlertEvent event = alert(alerts.get(i), "alerts[" + i + "]", source, errors);
            if (event != null) {
                events.add(event);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The " + source + " payload cannot be used", errors);
        }
        return new AlertDelivery(events, groupKey, receiver);
    }

    private static AlertEvent alert(JsonNode alert, String field, String source, List<FieldError> errors) {
        if (!alert.isObject()) {
            errors.add(new FieldError(field, "must be an object"));
            return null;
        }
        int before = errors.size();
        String status = JsonFields.oneOf(alert, "status", field + ".status", STATUSES, errors);
        Map<String, String> labels = JsonFields.strings(alert.get("labels"), field + ".labels", errors);
        Map<String, String> annotations = JsonFields.strings(alert.get("annotations"), field + ".annotations", errors);
        Map<String, String> values = JsonFields.strings(alert.get("values"), field + ".values", errors);
        String startsAt = JsonFields.text(alert, "startsAt", field + ".startsAt", false, errors);
        String fingerprint = JsonFields.text(alert, "fingerprint", field + ".fingerprint", false, errors);
        if (labels.isEmpty() && errors.size() == before) {
            errors.add(new FieldError(field + ".labels", "is required: an alert is identified by its labels"));
        }
        if (errors.size() > before) {
            return null;
        }
        String dedupKey = fingerprint != null ? fingerprint : Hashing.sha256(labels.toString()).substring(0, 16);
        AlertEvent.Action action = "resolved".equals(status) ? AlertEvent.Action.RESOLVED : AlertEvent.Action.FIRING;
        // A redelivery repeats the alert exactly; a later notification of the same firing alert keeps its start and
        // content (only endsAt moves), so it is the same event too.
        String eventKey = Hashing.sha256(String.join("\n", source, dedupKey, action.name(), String.valueOf(startsAt),
                labels.toString(), annotations.toString(), values.toString()));
        return new AlertEvent(source, action, dedupKey, eventKey, labels, annotations, values, alert);
    }
}
