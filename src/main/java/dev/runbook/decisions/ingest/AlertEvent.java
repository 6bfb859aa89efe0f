package dev.runbook.decisions.ingest;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One alert out of a sender's delivery, in the sender's own terms: what happened to it ({@code action} FIRING,
 * RESOLVED or ACKNOWLEDGED), the key the sender groups it by, its labels, annotations and (Grafana) values, and the
 * alert as received. {@code eventKey} identifies this very event, so a redelivery is recognised.
 */
public record AlertEvent(String source, Action action, String dedupKey, String eventKey, Map<String, String> labels,
                         Map<String, String> annotations, Map<String, String> values, JsonNode received) {

    /** What happened to the alert at its sender. */
    public enum Action {
        FIRING, RESOLVED, ACKNOWLEDGED
    }
}
