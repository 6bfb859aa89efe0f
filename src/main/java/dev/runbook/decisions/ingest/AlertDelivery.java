package dev.runbook.decisions.ingest;

import java.util.List;

/** A parsed delivery: who sent it ({@code caller} when no principal is known) and its alerts, in order. */
public record AlertDelivery(String endpoint, String sender, List<AlertEvent> events, String groupKey, String receiver) {
}
