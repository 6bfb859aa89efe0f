package dev.runbook.decisions.store;

/** No record or incident with the given id. */
public class NotFoundInStoreException extends RuntimeException {

    public NotFoundInStoreException(String what, String id) {
        super("No " + what + " with id '" + id + "'");
    }
}
