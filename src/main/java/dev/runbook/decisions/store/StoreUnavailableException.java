package dev.runbook.decisions.store;





/** The store cannot be reached; nothing was written. Callers should retry later. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(Throwable cause) {
        super("The audit store is unavailable", cause);
    }
}
