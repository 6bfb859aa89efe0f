package dev.runbook.decisions.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one limit on any body the service reads ({@code runbook.ingest.max-body-bytes}): beyond it, 413. */
@ApplicationScoped
public class BodyLimit {

    private final long maxBodyBytes;

    public BodyLimit(@ConfigProperty(name = "runbook.ingest.max-body-bytes") long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public void check(byte[] body) {
        if (body != null && body.length > maxBodyBytes) {
            throw new PayloadTooLargeException(body.length, maxBodyBytes);
        }
    }
}
