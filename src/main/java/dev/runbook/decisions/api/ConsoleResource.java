package dev.runbook.decisions.api;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The browser console is static (META-INF/resources/ui/), served at /ui/; its pages resolve their modules from there,
 * so the bare /ui an owner types is sent on to it. The page is open: every API call it makes carries the owner's key.
 */
@Path("/ui")
public class ConsoleResource {

    /** Not an API operation: left out of the OpenAPI document (and so of Swagger UI and the role matrix). */
    @Operation(hidden = true)
    @PermitAll
    @GET
    public Response console() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/ui/")).build();
    }
}
