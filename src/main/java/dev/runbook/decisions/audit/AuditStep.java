package dev.runbook.decisions.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.RecordKind;

/**
 * One thing to record about an event: a decision, an alert's own lifecycle step, or a rejection. A delivery's steps
 * are applied in one transaction; an event key already seen answers with its first receipt and writes nothing.
 */
public sealed interface AuditStep {

    /** Identifies the event (null: not an event, never deduplicated). */
    String eventKey();

    /** A decision, attached to the open incident of its key or opening (reopening) one. */
    record Decide(DecisionEntry entry, String eventKey) implements AuditStep {
    }

    /** RESOLVED or ACKNOWLEDGED for the open incident of a key; with none open, recorded as ALERT_IGNORED. */
    record Transition(String dedupKey, IncidentStatus target, String caller, String note, String eventKey) implements AuditStep {
    }

    /** Something that could not be used (REJECTED_DELIVERY, REJECTED_ALERT), kept so nothing is silently dropped. */
    record Reject(RecordKind kind, String caller, ObjectNode content, String reason, String eventKey) implements AuditStep {
    }
}
