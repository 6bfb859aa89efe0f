package dev.runbook.decisions.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;

import dev.runbook.decisions.flow.ShadowRuns;
import dev.runbook.decisions.ingest.FieldError;
import dev.runbook.decisions.ingest.InvalidInputException;
import dev.runbook.decisions.security.Roles;

/** A stored version deciding beside the published one on live traffic, acting on nothing (docs/editing-the-runbook.md, Shadow). */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ShadowResource {

    private final ShadowRuns shadows;

    public ShadowResource(ShadowRuns shadows) {
        this.shadows = shadows;
    }

    /** Starts (or restarts for a new period) the shadow: {@code {"minutes": 1..1440}}, 60 when left out. */
    @RolesAllowed(Roles.EDITOR)
    @POST
    @Path("/{name}/versions/{version}/shadow")
    @Consumes(MediaType.APPLICATION_JSON)
    public ShadowRuns.View start(@PathParam("name") String name, @PathParam("version") int version, JsonNode body,
                                 @Context SecurityContext security) {
        return shadows.start(name, version, minutes(body), Callers.of(security));
    }

    @RolesAllowed({Roles.EDITOR, Roles.AUDITOR})
    @GET
    @Path("/{name}/versions/{version}/shadow")
    public ShadowRuns.View view(@PathParam("name") String name, @PathParam("version") int version) {
        return shadows.view(name, version);
    }

    /** Stops the shadow early; what it recorded stays readable. */
    @RolesAllowed(Roles.EDITOR)
    @DELETE
    @Path("/{name}/versions/{version}/shadow")
    public ShadowRuns.View stop(@PathParam("name") String name, @PathParam("version") int version) {
        return shadows.stop(name, version);
    }

    private static int minutes(JsonNode body) {
        if (body != null && !body.isObject() && !body.isNull()) {
            throw new InvalidInputException("Invalid shadow request", List.of(new FieldError("$", "must be a JSON object such as {\"minutes\": 60}")));
        }
        JsonNode minutes = body == null ? null : body.get("minutes");
        if (minutes == null || minutes.isNull()) {
            return ShadowRuns.DEFAULT_MINUTES;
        }
        if (minutes.isIntegralNumber() && minutes.canConvertToInt() && minutes.intValue() >= 1 && minutes.intValue() <= ShadowRuns.MAX_MINUTES) {
            return minutes.intValue();
        }
        throw new InvalidInputException("Invalid shadow request", List.of(new FieldError("minutes",
                "must be a whole number of minutes from 1 to " + ShadowRuns.MAX_MINUTES)));
    }
}
