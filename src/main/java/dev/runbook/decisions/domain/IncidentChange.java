package dev.runbook.decisions.domain;

import java.util.Set;

/**
 * What a decision did to the incident of its key: OPENED one, REOPENED (a new incident after a resolved one),
 * ESCALATED or DEESCALATED its severity, changed its plan, or nothing.
 */
public enum IncidentChange {
    OPENED, REOPENED, ESCALATED, DEESCALATED, PLAN_CHANGED, UNCHANGED;

    /** Changes after which the decision's escalation plan replaces the steps not yet fired. */
    public static final Set<IncidentChange> RESCHEDULING = Set.of(OPENED, REOPENED, ESCALATED);
}
