package dev.runbook.decisions.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where one action of a plan got to, and where it may go next: the action state machine in one place. An action is
 * first recorded in one of {@link #INITIAL}; STARTED is its intent, written before it runs; AWAITING_APPROVAL and
 * HELD wait for an operator; the rest are final. MANUAL is never recorded: it is a checklist item people do.
 */
public enum ActionStatus {
    STARTED, SUCCEEDED, FAILED, UNKNOWN, REFUSED, AWAITING_APPROVAL, HELD, REJECTED, EXPIRED, DRY_RUN, MANUAL;

    /** The statuses an action may be first recorded in. */
    public static final Set<ActionStatus> INITIAL = EnumSet.of(STARTED, REFUSED, AWAITING_APPROVAL, HELD, FAILED, DRY_RUN);

    /** The statuses this one may move to; empty for a final status. */
    public Set<ActionStatus> next() {
        return switch (this) {
            case STARTED -> EnumSet.of(SUCCEEDED, FAILED, UNKNOWN);
            case UNKNOWN -> EnumSet.of(SUCCEEDED, FAILED);
            case AWAITING_APPROVAL -> EnumSet.of(STARTED, REFUSED, FAILED, EXPIRED, REJECTED);
            case HELD -> EnumSet.of(STARTED, REFUSED, FAILED, EXPIRED, AWAITING_APPROVAL);
            default -> EnumSet.noneOf(ActionStatus.class);
        };
    }

    public boolean mayMoveTo(ActionStatus target) {
        return next().contains(target);
    }

    /**
     * Whether recording this status claims the action's idempotency key, so the same action never starts again for
     * the incident. Refusals and dry runs leave it free: a later decision may still run the action.
     */
    public boolean claimsKey() {
        return this != REFUSED && this != DRY_RUN;
    }

    /** Waiting for an operator or for its outcome: not finished. */
    public boolean isPending() {
        return this == STARTED || this == AWAITING_APPROVAL || this == HELD;
    }

    /** The audit record kind that records an action reaching this status. */
    public RecordKind recordKind() {
        return RecordKind.valueOf("ACTION_" + name());
    }
}
