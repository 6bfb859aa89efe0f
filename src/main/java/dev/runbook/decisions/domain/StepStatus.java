package dev.runbook.decisions.domain;

/**
 * A timed escalation step: SCHEDULED, then FIRING (claimed by one replica), FIRED or FAILED; SKIPPED when its
 * condition no longer held, CANCELLED by acknowledgement or resolution, REPLACED by an escalation, UNKNOWN when the
 * replica that claimed it died before recording the outcome.
 */
public enum StepStatus {
    SCHEDULED, FIRING, FIRED, FAILED, SKIPPED, CANCELLED, REPLACED, UNKNOWN;

    /** The audit record kind that records a step reaching this status. */
    public RecordKind recordKind() {
        return RecordKind.valueOf("ESCALATION_" + name());
    }
}
