package dev.runbook.decisions.domain;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where an action goes next: its status, the guard that refused it, why, when an approval expires, what was seen, and
 * the action it is held behind; and, for an action that waited, its target's state read again before it runs.
 */
public record Verdict(ActionStatus status, String guard, String message, Instant expiresAt, JsonNode after, JsonNode attempts,
                      String heldBy, JsonNode before, JsonNode expected) {

    public static Verdict of(ActionStatus status, String message) {
        return new Verdict(status, null, message, null, null, null, null, null, null);
    }

    public static Verdict refused(String guard, String message) {
        return new Verdict(ActionStatus.REFUSED, guard, message, null, null, null, null, null, null);
    }

    public static Verdict awaitingApproval(Instant expiresAt, String message) {
        return new Verdict(ActionStatus.AWAITING_APPROVAL, null, message, expiresAt, null, null, null, null, null);
    }

    public static Verdict finished(ActionStatus status, String message, JsonNode after, JsonNode attempts) {
        return new Verdict(status, null, message, null, after, attempts, null, null, null);
    }

    /** The same verdict with the target's state as read again just now (an action that waited runs on today's state). */
    public Verdict reinspected(JsonNode newBefore, JsonNode newExpected) {
        return new Verdict(status, guard, message, expiresAt, after, attempts, heldBy, newBefore, newExpected);
    }

    /** Waits behind the approval of action {@code awaited} on the same target. */
    public static Verdict heldBehind(String awaited) {
        return new Verdict(ActionStatus.HELD, null, "held until the approval of action " + awaited + " is decided", null, null, null, awaited,
                null, null);
    }
}
