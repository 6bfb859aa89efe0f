package dev.runbook.decisions.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.runbook.decisions.flow.WhatIf;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.security.Roles;

/**
 * What a version of a model would have decided on the recorded decisions of a window (docs/editing-the-runbook.md, What-if). Reads only:
 * nothing is recorded, no action runs.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class WhatIfResource {

    private static final List<String> FIELDS = List.of("from", "to", "limit");

    private final WhatIf whatIf;

    public WhatIfResource(WhatIf whatIf) {
        this.whatIf = whatIf;
    }

    /** Body {@code {from, to, limit}}, every field optional: the last 7 days, at most 10,000 decisions. */
    @RolesAllowed({Roles.EDITOR, Roles.AUDITOR})
    @POST
    @Path("/{name}/versions/{version}/what-if")
    @Consumes(MediaType.APPLICATION_JSON)
    public WhatIf.Result whatIf(@PathParam("name") String name, @PathParam("version") int version, byte[] body) {
        JsonNode request = body == null || new String(body, StandardCharsets.UTF_8).isBlank()
                ? JsonNodeFactory.instance.objectNode() : FactsParser.readObject(body);
        QueryParams params = new QueryParams();
        for (Iterator<Map.Entry<String, JsonNode>> fields = request.fields(); fields.hasNext(); ) {
            String field = fields.next().getKey();
            if (!FIELDS.contains(field)) {
                params.unknown(field, FIELDS);
            }
        }
        Instant now = Instant.now();
        Instant to = params.instant("to", text(request, "to"));
        Instant from = params.instant("from", text(request, "from"));
        int limit = params.limit(text(request, "limit"), WhatIf.MAX_LIMIT, WhatIf.MAX_LIMIT);
        Instant until = to != null ? to : now;
        Instant since = from != null ? from : until.minus(WhatIf.DEFAULT_WINDOW);
        params.check(since, until);
        return whatIf.run(name, version, since, until, limit);
    }

    /** A field's value as text (a number as written), or null when absent or null. */
    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
