package dev.runbook.decisions.store;

import java.util.List;

import dev.runbook.decisions.domain.StepStatus;

/**
 * Escalation steps a transaction stopped before they fired: CANCELLED by an acknowledgement or resolution, or REPLACED
 * by a new plan. Announced (as a CDI event) once that transaction committed, for the meters that count them.
 */
public record StoppedSteps(StepStatus status, List<StepRow> steps) {
}
