package dev.runbook.decisions.ingest;

/** A request body over the configured limit; nothing was decided. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long size, long limit) {
        super("The body has " + size + " bytes; the limit is " + limit + " (runbook.ingest.max-body-bytes)");
    }
}
