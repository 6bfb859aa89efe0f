package dev.runbook.decisions.ingest;

import java.util.List;

/** A parsed delivery: the sender's endpoint, its alerts in order, and Alertmanager's group key and receiver if any. */
public record AlertDelivery(String endpoint, List<AlertEvent> events, String groupKey, String receiver) {
}
