package dev.runbook.decisions.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.runbook.decisions.security.Roles;
import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.DmnValidation;
import dev.runbook.decisions.decide.Explanation;
import dev.runbook.decisions.decide.ModelDescription;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelResult;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.decide.RemediationRules;
import dev.runbook.decisions.flow.ModelEditing;
import dev.runbook.decisions.ingest.ModelInputParser;
import dev.runbook.decisions.store.ModelVersionRow;

@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelRegistry registry;
    private final DmnValidation validation;
    private final ModelEditing editing;

    public ModelResource(ModelRegistry registry, DmnValidation validation, ModelEditing editing) {
        this.registry = registry;
        this.validation = validation;
        this.editing = editing;
    }

    @RolesAllowed({Roles.EVALUATOR, Roles.EDITOR, Roles.AUDITOR})
    @GET
    public Models list() {
        ModelSet current = registry.current();
        return new Models(current.dmnModels().stream().map(DmnModel::describe).toList(), editing.publishedVersions(),
                current.rules().files());
    }

    /** Validates a DMN document (schema, model, compilation, decision-table analysis) without loading it. */
    @RolesAllowed({Roles.EDITOR})
    @POST
    @Path("/validate")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, "application/dmn+xml"})
    public DmnValidation.Report validate(byte[] body) {
        return validation.validate(body);
    }

    /**
     * Evaluates one DMN model on the given input context; a result with errors is answered 422 with its messages
     * ({@link UnevaluableInput}).
     */
    @RolesAllowed({Roles.EVALUATOR, Roles.EDITOR})
    @POST
    @Path("/{name}/evaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Evaluation evaluate(@PathParam("name") String name, byte[] body) {
        DmnModel model = registry.current().dmn(name).orElseThrow(() -> new NotFoundException("No model named '" + name + "'"));
        Map<String, Object> inputs = ModelInputParser.parse(body, name, model.inputNames());
        ModelResult result = model.evaluate(inputs);
        if (!result.errors().isEmpty()) {
            throw new UnevaluableInput(name, result.errors());
        }
        return new Evaluation(name, model.namespace(), model.version(), result.decisions(), result.rows());
    }

    /** {@code models}: what this replica decides with; {@code published}: each model's published version, whole. */
    public record Models(List<ModelDescription> models, List<ModelVersionRow> published, List<RemediationRules.RuleFile> rules) {
    }

    public record Evaluation(String model, String namespace, int version, Map<String, Object> decisions,
                             List<Explanation> explanation) {
    }
}
