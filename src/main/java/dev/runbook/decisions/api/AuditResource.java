package dev.runbook.decisions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.runbook.decisions.audit.AuditQueries;
import dev.runbook.decisions.audit.ChainVerification;
import dev.runbook.decisions.audit.ChainVerifier;
import dev.runbook.decisions.audit.Page;
import dev.runbook.decisions.audit.StoredRecord;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.security.Roles;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final ChainVerifier verifier;
    private final AuditQueries queries;

    public AuditResource(ChainVerifier verifier, AuditQueries queries) {
        this.verifier = verifier;
        this.queries = queries;
    }

    /** Every audit record, newest first, optionally of one kind (for example REJECTED_DELIVERY). */
    @RolesAllowed({Roles.AUDITOR})
    @GET
    @Path("/records")
    public Page<StoredRecord> records(@QueryParam("kind") String kind, @QueryParam("limit") String limit,
                                      @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        RecordKind wanted = params.oneOf("kind", kind, RecordKind.class);
        int size = params.limit(limit, QueryParams.DEFAULT_LIMIT, AuditQueries.MAX_WHOLE_RECORDS);
        Long before = params.cursor(cursor);
        params.check(null, null);
        return queries.records(wanted, size, before);
    }

    /** 200 with {@code valid: true}, or 200 with {@code valid: false} and the first broken link. */
    @RolesAllowed({Roles.AUDITOR})
    @GET
    @Path("/verify")
    public ChainVerification verify() {
        return verifier.verify();
    }
}
