package dev.runbook.decisions.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.Severity;

/**
 * Which incident a decision landed on and what it did to it: OPENED, REOPENED (a new incident after a resolved one,
 * linked by {@code previousIncidentId}), ESCALATED, DEESCALATED, PLAN_CHANGED or UNCHANGED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentRef(String id, IncidentStatus status, String change, Severity previousSeverity, String previousIncidentId) {
}
