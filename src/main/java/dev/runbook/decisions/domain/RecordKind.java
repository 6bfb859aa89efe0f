package dev.runbook.decisions.domain;

/**
 * What an audit record records. Every action status and escalation step status has its own kind, so a reader can ask
 * for, say, every ACTION_REFUSED record.
 */
public enum RecordKind {
    DECISION, ACKNOWLEDGED, RESOLVED, ALERT_IGNORED, REJECTED_DELIVERY, REJECTED_ALERT, PURGE,
    ACTION_STARTED, ACTION_SUCCEEDED, ACTION_FAILED, ACTION_UNKNOWN, ACTION_REFUSED, ACTION_AWAITING_APPROVAL,
    ACTION_HELD, ACTION_REJECTED, ACTION_EXPIRED, ACTION_DRY_RUN, ACTION_MANUAL,
    ESCALATION_SCHEDULED, ESCALATION_FIRING, ESCALATION_FIRED, ESCALATION_FAILED, ESCALATION_SKIPPED,
    ESCALATION_CANCELLED, ESCALATION_REPLACED, ESCALATION_UNKNOWN,
    PAGE_ACKNOWLEDGE, PAGE_RESOLVE,
    /** A model version became the published one: a publish, a rollback, or a shipped file deployed. */
    MODEL_PUBLISHED
}
