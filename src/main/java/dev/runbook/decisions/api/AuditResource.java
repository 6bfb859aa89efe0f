package dev.runbook.decisions.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.runbook.decisions.audit.ChainVerification;
import dev.runbook.decisions.audit.ChainVerifier;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final ChainVerifier verifier;

    public AuditResource(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    /** 200 with {@code valid: true}, or 200 with {@code valid: false} and the first broken link. */
    @GET
    @Path("/verify")
    public ChainVerification verify() {
        return verifier.verify();
    }
}
