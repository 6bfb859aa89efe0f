package dev.runbook.decisions.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A decision to record: the columns the log is queried by, the incident key, a fingerprint of the plan (to tell a
 * re-evaluation that changed the plan from a repeat), and the record's content (facts as received, normalised facts,
 * decision, models, evaluation time).
 */
public record DecisionEntry(String decisionId, String caller, String dedupKey, String service, String namespace,
                            String incidentType, String severity, String planHash, ObjectNode content) {
}
