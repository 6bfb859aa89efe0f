package dev.runbook.decisions.audit;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A whole audit record as served: chain position and hashes, who and when, and {@code record}: for a decision the
 * facts as received, the normalised facts, the decision with its explanation, the models used and the evaluation time.
 */
public record StoredRecord(long seq, String id, String kind, Instant recordedAt, String caller, String incidentId,
                           String prevHash, String hash, JsonNode record) {
}
