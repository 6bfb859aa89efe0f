package dev.runbook.decisions.act;

import java.time.Instant;

/**
 * What the guards need to know of past actions, read inside the transaction that records the next one (the chain
 * head is locked), so two replicas cannot both pass a cooldown or budget check that only one may pass.
 */
public interface ActionHistory {

    /** The current time of the transaction. */
    Instant now();

    /** When a Kubernetes action of another decision last started on this target, or null. */
    Instant lastChangeOf(String namespace, String name, String exceptDecisionId);

    /** How many Kubernetes actions started at or after {@code since}. */
    int changesSince(Instant since);
}
