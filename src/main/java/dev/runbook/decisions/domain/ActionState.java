package dev.runbook.decisions.domain;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where one recorded action got to: its status (with the guard that refused it, or the action it is held behind),
 * the target's state before, expected and after, each delivery attempt, who decided, and when it was created,
 * started, finished and when its approval lapses. Changed only by {@link #apply}.
 */
public record ActionState(ActionStatus status, String guard, String heldBy, String message, JsonNode before,
                          JsonNode expected, JsonNode after, JsonNode attempts, String decidedBy, Instant createdAt,
                          Instant startedAt, Instant finishedAt, Instant expiresAt) {

    /** Not yet recorded: only what the target looked like, what the action should leave, and who asked. */
    public static ActionState unrecorded(JsonNode before, JsonNode expected, String decidedBy) {
        return new ActionState(null, null, null, null, before, expected, null, null, decidedBy, null, null, null, null);
    }

    /**
     * The state after {@code verdict} at {@code now}, decided by {@code caller} (null: whoever decided before). A
     * STARTED action gets its start time, a final status its finish time; what the verdict leaves out is kept.
     */
    public ActionState apply(Verdict verdict, Instant now, String caller) {
        return new ActionState(verdict.status(), verdict.guard(), keep(verdict.heldBy(), heldBy), verdict.message(),
                keep(verdict.before(), before), keep(verdict.expected(), expected), keep(verdict.after(), after),
                keep(verdict.attempts(), attempts), keep(caller, decidedBy), keep(createdAt, now),
                verdict.status() == ActionStatus.STARTED ? now : startedAt,
                verdict.status().isPending() ? finishedAt : now, keep(verdict.expiresAt(), expiresAt));
    }

    private static <T> T keep(T given, T otherwise) {
        return given != null ? given : otherwise;
    }
}
