package dev.runbook.decisions.act;

/** An action that cannot run: its target is missing, or it has nothing to act on (a single ReplicaSet to undo to). */
public class ActionFailedException extends RuntimeException {
    public ActionFailedException(String message) {
        super(message);
    }
}
