package dev.runbook.decisions.api;

import java.util.List;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.ingest.FieldError;

/** An RFC 9457 problem detail; {@code errors} names every offending field. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://runbook-decisions.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
