package dev.runbook.decisions.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import dev.runbook.decisions.act.Approvals;
import dev.runbook.decisions.audit.AuditQueries;
import dev.runbook.decisions.audit.IncidentState;
import dev.runbook.decisions.audit.Page;
import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.flow.IncidentLifecycle;
import dev.runbook.decisions.ingest.NoteParser;
import dev.runbook.decisions.security.Roles;
import dev.runbook.decisions.store.ActionRow;

@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {


    private final AuditQueries queries;
    private final IncidentLifecycle lifecycle;
    private final Approvals approvals;

    public IncidentResource(AuditQueries queries, IncidentLifecycle lifecycle, Approvals approvals) {
        this.queries = queries;
        this.lifecycle = lifecycle;
        this.approvals = approvals;
    }

    @RolesAllowed({Roles.AUDITOR, Roles.OPERATOR})
    @GET
    public Page<IncidentState> list(@QueryParam("status") String status, @QueryParam("service") String service,
                                    @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        IncidentStatus wanted = params.oneOf("status", status, IncidentStatus.class);
        int size = params.limit(limit);
        Long before = params.cursor(cursor);
        params.check(null, null);
        return queries.incidents(wanted, QueryParams.text(service), size, before);
    }

    @RolesAllowed({Roles.AUDITOR, Roles.OPERATOR})
    @GET
    @Path("/{id}")
    public IncidentState get(@PathParam("id") String id) {
        return queries.incident(id);
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/acknowledge")
    public IncidentState acknowledge(@PathParam("id") String id, byte[] body, @Context SecurityContext security) {
        return lifecycle.acknowledge(id, Callers.of(security), NoteParser.parse(body));
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/resolve")
    public IncidentState resolve(@PathParam("id") String id, byte[] body, @Context SecurityContext security) {
        return lifecycle.resolve(id, Callers.of(security), NoteParser.parse(body));
    }

    /** The incident's recorded actions, and the checklist of manual actions people carry out. */
    @RolesAllowed({Roles.AUDITOR, Roles.OPERATOR})
    @GET
    @Path("/{id}/actions")
    public AuditQueries.IncidentActions actions(@PathParam("id") String id) {
        return queries.incidentActions(id);
    }

    /** Runs a HIGH risk action waiting for approval, then the actions held behind it; answers each as recorded. */
    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/actions/{actionId}/approve")
    public List<ActionRow> approve(@PathParam("id") String id, @PathParam("actionId") String actionId, byte[] body,
                                   @Context SecurityContext security) {
        return approvals.approve(id, actionId, Callers.of(security), NoteParser.parse(body));
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/actions/{actionId}/reject")
    public List<ActionRow> reject(@PathParam("id") String id, @PathParam("actionId") String actionId, byte[] body,
                                  @Context SecurityContext security) {
        return approvals.reject(id, actionId, Callers.of(security), NoteParser.parse(body));
    }
}
