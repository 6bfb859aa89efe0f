package dev.runbook.decisions.store;

/** An incident lifecycle step that its current status does not allow (acknowledging a resolved incident). */
public class InvalidTransitionException extends RuntimeException {

    public InvalidTransitionException(String message) {
        super(message);
    }
}
