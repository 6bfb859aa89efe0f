package dev.runbook.decisions.ingest;

import java.util.List;

/** A parsed delivery: its alerts in order, and the group key and receiver of an Alertmanager notification if any. */
public record AlertDelivery(List<AlertEvent> events, String groupKey, String receiver) {
}
