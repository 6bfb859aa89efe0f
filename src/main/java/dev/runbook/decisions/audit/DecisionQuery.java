package dev.runbook.decisions.audit;

import java.time.Instant;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;

/** Filters of the decision listing; null means "any". {@code beforeSeq} comes from a cursor. */
public record DecisionQuery(String service, Severity severity, IncidentType incidentType, Instant from, Instant to, int limit,
                            Long beforeSeq) {
}
