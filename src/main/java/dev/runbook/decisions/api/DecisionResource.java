package dev.runbook.decisions.api;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.act.ModeSettings;
import dev.runbook.decisions.audit.AuditQueries;
import dev.runbook.decisions.audit.DecisionQuery;
import dev.runbook.decisions.audit.DecisionSummary;
import dev.runbook.decisions.audit.Page;
import dev.runbook.decisions.audit.StoredRecord;
import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Mode;
import dev.runbook.decisions.domain.Severity;
import dev.runbook.decisions.flow.DecideIncident;
import dev.runbook.decisions.flow.DecisionAnswer;
import dev.runbook.decisions.ingest.BodyLimit;
import dev.runbook.decisions.ingest.CloudEventParser;
import dev.runbook.decisions.security.Roles;

@Path("/api/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    static final String JSON_LINES = "application/x-ndjson";
    static final String CLOUD_EVENT = "application/cloudevents+json";

    private final DecideIncident decisions;
    private final BodyLimit bodyLimit;
    private final AuditQueries queries;
    private final ObjectMapper json;
    private final ModeSettings modes;

    public DecisionResource(DecideIncident decisions, BodyLimit bodyLimit, AuditQueries queries, ObjectMapper json,
                            ModeSettings modes) {
        this.modes = modes;
        this.decisions = decisions;
        this.bodyLimit = bodyLimit;
        this.queries = queries;
        this.json = json;
    }

    /**
     * The body is read raw so that malformed JSON is answered like bad values, and recorded exactly as received. With
     * ce-* headers the body is the data of a binary-mode CloudEvent, decided once per event source and id.
     */
    @RolesAllowed({Roles.EVALUATOR, Roles.OPERATOR})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public DecisionAnswer decide(byte[] body, @Context SecurityContext security, @QueryParam("mode") String mode,
                           @HeaderParam("ce-specversion") String specversion, @HeaderParam("ce-id") String id,
                           @HeaderParam("ce-source") String source, @HeaderParam("ce-type") String type) {
        Mode wanted = mode(mode, security);
        bodyLimit.check(body);
        if (specversion == null && id == null && source == null && type == null) {
            return decisions.decide(body, Callers.of(security), wanted);
        }
        return decisions.decideOnce(() -> CloudEventParser.binary(body, specversion, id, source, type), Callers.of(security), wanted);
    }

    /** A structured-mode CloudEvent whose data holds the incident facts. */
    @RolesAllowed({Roles.EVALUATOR, Roles.OPERATOR})
    @POST
    @Consumes(CLOUD_EVENT)
    public DecisionAnswer decideCloudEvent(byte[] body, @Context SecurityContext security, @QueryParam("mode") String mode) {
        Mode wanted = mode(mode, security);
        bodyLimit.check(body);
        return decisions.decideOnce(() -> CloudEventParser.structured(body), Callers.of(security), wanted);
    }

    /**
     * advise, dry-run or execute (the configured default without ?mode=). Operators may decide too, since they are the
     * ones who execute; executing changes things, so it is theirs only.
     */
    private Mode mode(String requested, SecurityContext security) {
        QueryParams params = new QueryParams();
        String name = params.oneOf("mode", requested, Mode.NAMES);
        params.check(null, null);
        Mode mode = name == null ? modes.defaultMode() : Mode.parse(name);
        if (mode == Mode.EXECUTE && !security.isUserInRole(Roles.OPERATOR)) {
            throw new ForbiddenException("mode=execute carries the plan out and needs the operator role");
        }
        return mode;
    }

    @RolesAllowed({Roles.AUDITOR})
    @GET
    public Page<DecisionSummary> list(@QueryParam("service") String service, @QueryParam("severity") String severity,
                                      @QueryParam("incidentType") String incidentType, @QueryParam("from") String from,
                                      @QueryParam("to") String to, @QueryParam("limit") String limit,
                                      @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        DecisionQuery query = new DecisionQuery(QueryParams.text(service), params.oneOf("severity", severity, Severity.class),
                params.oneOf("incidentType", incidentType, IncidentType.class), params.instant("from", from),
                params.instant("to", to), params.limit(limit), params.cursor(cursor));
        params.check(query.from(), query.to());
        return queries.decisions(query);
    }

    /** JSON Lines, oldest first, written while the rows are read. */
    @RolesAllowed({Roles.AUDITOR})
    @GET
    @Path("/export")
    @Produces(JSON_LINES)
    public StreamingOutput export(@QueryParam("from") String from, @QueryParam("to") String to) {
        QueryParams params = new QueryParams();
        Instant start = params.instant("from", from);
        Instant end = params.instant("to", to);
        params.check(start, end);
        return output -> queries.exportDecisions(start, end, record -> {
            output.write(json.writeValueAsBytes(record));
            output.write('\n');
        });
    }

    @RolesAllowed({Roles.AUDITOR})
    @GET
    @Path("/{id}")
    public StoredRecord get(@PathParam("id") String id) {
        return queries.decision(id);
    }
}
