package dev.runbook.decisions.api;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import dev.runbook.decisions.domain.ModelState;
import dev.runbook.decisions.flow.ModelEditing;
import dev.runbook.decisions.security.Roles;
import dev.runbook.decisions.store.ModelVersionRow;

/** The versions of one DMN model: drafts in, approval, publication and rollback (docs/editing-the-runbook.md). */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelVersionResource {

    private final ModelEditing editing;

    public ModelVersionResource(ModelEditing editing) {
        this.editing = editing;
    }

    @RolesAllowed({Roles.EDITOR, Roles.AUDITOR, Roles.EVALUATOR})
    @GET
    @Path("/{name}/versions")
    public Versions versions(@PathParam("name") String name) {
        List<ModelVersionRow> all = editing.versions(name);
        Integer published = all.stream().filter(v -> v.state() == ModelState.PUBLISHED)
                .map(ModelVersionRow::version).findFirst().orElse(null);
        return new Versions(name, published, all);
    }

    /** The DMN document of the version, exactly as it was uploaded. */
    @RolesAllowed({Roles.EDITOR, Roles.AUDITOR, Roles.EVALUATOR})
    @GET
    @Path("/{name}/versions/{version}")
    @Produces(MediaType.APPLICATION_XML)
    public byte[] content(@PathParam("name") String name, @PathParam("version") int version) {
        return editing.content(name, version);
    }

    /** The version with the validation and sample report found when it was stored. */
    @RolesAllowed({Roles.EDITOR, Roles.AUDITOR, Roles.EVALUATOR})
    @GET
    @Path("/{name}/versions/{version}/info")
    public ModelEditing.VersionReport info(@PathParam("name") String name, @PathParam("version") int version) {
        return editing.report(name, version);
    }

    /** Decision tables row by row and cell by cell, and the XML as a unified diff; {@code against} defaults to the published version. */
    @RolesAllowed({Roles.EDITOR, Roles.AUDITOR, Roles.EVALUATOR})
    @GET
    @Path("/{name}/versions/{version}/diff")
    public ModelEditing.VersionDiff diff(@PathParam("name") String name, @PathParam("version") int version,
                                         @QueryParam("against") Integer against) {
        return editing.diff(name, version, against);
    }

    /** A new draft: 201 with its validation and the samples it changes; an invalid draft is stored but never publishable. */
    @RolesAllowed(Roles.EDITOR)
    @POST
    @Path("/{name}/versions")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, "application/dmn+xml"})
    public Response draft(@PathParam("name") String name, @QueryParam("reason") String reason, byte[] body,
                          @Context SecurityContext security) {
        ModelEditing.VersionReport draft = editing.draft(name, body, reason, Callers.of(security));
        return Response.created(URI.create("/api/v1/models/" + name + "/versions/" + draft.version().version())).entity(draft).build();
    }

    @RolesAllowed(Roles.EDITOR)
    @POST
    @Path("/{name}/versions/{version}/approve")
    public ModelVersionRow approve(@PathParam("name") String name, @PathParam("version") int version,
                                   @Context SecurityContext security) {
        return editing.approve(name, version, Callers.of(security));
    }

    @RolesAllowed(Roles.EDITOR)
    @POST
    @Path("/{name}/versions/{version}/publish")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelVersionRow publish(@PathParam("name") String name, @PathParam("version") int version, Publish body,
                                   @Context SecurityContext security) {
        Publish request = body == null ? new Publish(null, List.of()) : body;
        return editing.publish(name, version, Callers.of(security), request.reason(), request.acknowledgedSampleChanges());
    }

    @RolesAllowed(Roles.EDITOR)
    @POST
    @Path("/{name}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelVersionRow rollback(@PathParam("name") String name, Rollback body, @Context SecurityContext security) {
        Rollback request = body == null ? new Rollback(null, null) : body;
        return editing.rollback(name, request.toVersion(), Callers.of(security), request.reason());
    }

    @RolesAllowed(Roles.EDITOR)
    @DELETE
    @Path("/{name}/versions/{version}")
    public Response delete(@PathParam("name") String name, @PathParam("version") int version) {
        editing.delete(name, version);
        return Response.noContent().build();
    }

    public record Versions(String model, Integer published, List<ModelVersionRow> versions) {
    }

    public record Publish(String reason, List<String> acknowledgedSampleChanges) {
    }

    public record Rollback(Integer toVersion, String reason) {
    }
}
