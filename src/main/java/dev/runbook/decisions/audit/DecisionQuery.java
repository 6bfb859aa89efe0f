package dev.runbook.decisions.audit;

import java.time.Instant;

/** Filters of the decision listing; null means "any". {@code beforeSeq} comes from a cursor. */
public record DecisionQuery(String service, String severity, String incidentType, Instant from, Instant to, int limit,
                            Long beforeSeq) {
}
