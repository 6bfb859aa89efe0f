package dev.runbook.decisions.audit;

import java.util.List;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;
import dev.runbook.decisions.store.PlannedStep;

/**
 * A decision to record: the columns the log is queried by, the incident key, a fingerprint of the plan (to tell a
 * re-evaluation that changed the plan from a repeat), and the record's content (facts as received, normalised facts,
 * decision, models, evaluation time), serialised before the chain head is locked; the log closes it with the
 * incident it lands on. {@code escalationPlan} is scheduled on the incident when the decision opens it or raises its
 * severity; null when the decision only advises. {@code serviceLabel} is the alert label the service
 * came from, answered in the receipt; null when the caller named the service.
 */
public record DecisionEntry(String decisionId, String caller, String dedupKey, String service, String namespace,
                            IncidentType incidentType, Severity severity, String planHash, OpenContent content,
                            List<PlannedStep> escalationPlan, String serviceLabel) {
}
