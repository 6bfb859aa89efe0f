package dev.runbook.decisions.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How a verdict moves an action's state: times, who decided, and which fields a verdict may leave out. */
class ActionStateTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final ObjectNode BEFORE = JsonNodeFactory.instance.objectNode().put("replicas", 3);
    private static final ObjectNode EXPECTED = JsonNodeFactory.instance.objectNode().put("replicas", 5);

    private final ActionState draft = ActionState.unrecorded(BEFORE, EXPECTED, "alice");

    @Test
    void anIntentStartsNowAndKeepsWhatWasReadBeforeIt() {
        ActionState started = draft.apply(Verdict.of(ActionStatus.STARTED, "running"), T0, null);
        assertEquals(ActionStatus.STARTED, started.status());
        assertEquals(T0, started.createdAt());
        assertEquals(T0, started.startedAt());
        assertNull(started.finishedAt());
        assertEquals(BEFORE, started.before());
        assertEquals(EXPECTED, started.expected());
        assertEquals("alice", started.decidedBy());
    }

    @Test
    void aFinalStatusFinishesWithoutLosingTheStartOrTheCreation() {
        ObjectNode after = JsonNodeFactory.instance.objectNode().put("replicas", 5);
        ActionState done = draft.apply(Verdict.of(ActionStatus.STARTED, "running"), T0, null)
                .apply(Verdict.finished(ActionStatus.SUCCEEDED, "applied", after, null), T1, null);
        assertEquals(T0, done.createdAt());
        assertEquals(T0, done.startedAt());
        assertEquals(T1, done.finishedAt());
        assertEquals(after, done.after());
        assertEquals("applied", done.message());
    }

    @Test
    void waitingForAnApprovalNeitherStartsNorFinishesAndTheApproverBecomesTheDecider() {
        ActionState waiting = draft.apply(Verdict.awaitingApproval(T1.plusSeconds(1800), "HIGH risk"), T0, null);
        assertNull(waiting.startedAt());
        assertNull(waiting.finishedAt());
        assertEquals(T1.plusSeconds(1800), waiting.expiresAt());
        ActionState approved = waiting.apply(Verdict.of(ActionStatus.STARTED, "approved").reinspected(EXPECTED, BEFORE), T1, "bob");
        assertEquals("bob", approved.decidedBy());
        assertEquals(T1, approved.startedAt());
        assertEquals(EXPECTED, approved.before(), "an action that waited runs on the state read again");
        assertEquals(T1.plusSeconds(1800), approved.expiresAt(), "a verdict without an expiry keeps the old one");
    }

    @Test
    void aRefusalNamesItsGuardAndFinishesAtOnce() {
        ActionState refused = draft.apply(Verdict.refused("cooldown", "changed 2 min ago"), T0, null);
        assertEquals("cooldown", refused.guard());
        assertEquals(T0, refused.finishedAt());
        assertNull(refused.startedAt());
    }
}
