package dev.runbook.decisions.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which incident a decision landed on and what it did to it: OPENED, REOPENED (a new incident after a resolved one,
 * linked by {@code previousIncidentId}), ESCALATED, DEESCALATED, PLAN_CHANGED or UNCHANGED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentRef(String id, String status, String change, String previousSeverity, String previousIncidentId) {
}
