package dev.runbook.decisions.flow;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.audit.AuditChain;
import dev.runbook.decisions.audit.AuditRecord;
import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.DmnValidation;
import dev.runbook.decisions.decide.ModelDiff;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.decide.SampleSuite;
import dev.runbook.decisions.domain.Hashing;
import dev.runbook.decisions.domain.ModelState;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.ingest.SafeXml;
import dev.runbook.decisions.store.Json;
import dev.runbook.decisions.store.ModelVersionRow;
import dev.runbook.decisions.store.ModelVersions;
import dev.runbook.decisions.store.Store;

import static dev.runbook.decisions.flow.ModelEditRefused.Reason;

/**
 * The runbook owners' edits of a DMN model: drafts (validated and run on the samples when stored), approval by a
 * second editor, publication and rollback. A publish checks everything again under the model's lock, then moves the
 * published pointer and appends its MODEL_PUBLISHED record in one transaction; a refused edit changes nothing.
 */
@ApplicationScoped
public class ModelEditing {

    private final Store store;
    private final ModelVersions versions;
    private final PublishedModels published;
    private final ModelRegistry registry;
    private final DmnValidation validation;
    private final SampleSuite samples;
    private final ObjectMapper json;
    private final boolean requireApproval;

    public ModelEditing(Store store, ModelVersions versions, PublishedModels published, ModelRegistry registry,
                        DmnValidation validation, SampleSuite samples, ObjectMapper json,
                        @ConfigProperty(name = "runbook.editing.require-approval") boolean requireApproval) {
        this.store = store;
        this.versions = versions;
        this.published = published;
        this.registry = registry;
        this.validation = validation;
        this.samples = samples;
        this.json = json;
        this.requireApproval = requireApproval;
    }

    /** A version with what was found when it was stored: its validation and, when valid, the samples it changes. */
    public record VersionReport(ModelVersionRow version, DmnValidation.Report validation, SampleSuite.Report samples) {
    }

    /** The version each model is published at, whole: who wrote it, why, and when it went live. */
    public List<ModelVersionRow> publishedVersions() {
        return store.inTransaction(versions::publishedRows);
    }

    public List<ModelVersionRow> versions(String model) {
        known(model);
        return store.inTransaction(c -> versions.list(c, model));
    }

    public ModelVersionRow version(String model, int version) {
        known(model);
        return store.inTransaction(c -> versions.find(c, model, version)).orElseThrow(() -> unknownVersion(model, version, "version"));
    }

    /** The DMN document of a version, exactly as uploaded. */
    public byte[] content(String model, int version) {
        known(model);
        return store.inTransaction(c -> versions.content(c, model, version)).orElseThrow(() -> unknownVersion(model, version, "version"));
    }

    public VersionReport report(String model, int version) {
        ModelVersionRow row = version(model, version);
        String stored = store.inTransaction(c -> versions.report(c, model, version)).orElse(null);
        if (stored == null) {
            return new VersionReport(row, null, null);
        }
        VersionReport read = read(stored);
        return new VersionReport(row, read.validation(), read.samples());
    }

    /**
     * Stores {@code dmn} as a new draft of {@code model}, made from the version published now. An invalid draft is
     * stored too, so its author can keep working on it, but it can never be published. A body that is not XML, or
     * names another model, is refused.
     */
    public VersionReport draft(String model, byte[] dmn, String reason, String author) {
        known(model);
        String named = SafeXml.parse(dmn).getDocumentElement().getAttribute("name");
        if (!model.equals(named)) {
            throw new ModelEditRefused(Reason.WRONG_MODEL_NAME, "definitions.name",
                    "The document is the model '" + named + "', not '" + model + "': upload it to /api/v1/models/" + named + "/versions");
        }
        DmnValidation.Report checked = validation.validate(dmn);
        ModelSet current = registry.current();
        SampleSuite.Report sampleReport = checked.valid() ? samples.compare(current, current.with(compile(model, dmn))) : null;
        String sha256 = Hashing.sha256(dmn);
        int parent = publishedVersion(model);
        int version = store.inTransaction(c -> versions.insert(c, model, dmn, sha256, author, reason, parent,
                ModelState.DRAFT, checked.valid(), Json.write(json, new VersionReport(null, checked, sampleReport)), now()));
        return new VersionReport(version(model, version), checked, sampleReport);
    }

    /** What {@code version} changes against version {@code against} (null: the published one), table by table. */
    public VersionDiff diff(String model, int version, Integer against) {
        int base = against != null ? against : publishedVersion(model);
        byte[] content = content(model, version);
        byte[] baseContent = store.inTransaction(c -> versions.content(c, model, base)).orElseThrow(() -> unknownVersion(model, base, "against"));
        ModelDiff.Diff diff = ModelDiff.compare(version, content, base, baseContent);
        return new VersionDiff(model, version, base, diff.tables(), diff.expressions(), diff.unified());
    }

    public record VersionDiff(String model, int version, int against, List<ModelDiff.TableDiff> tables,
                              List<ModelDiff.ExpressionChange> expressions, String unified) {
    }

    /** A second editor's approval: never the author's own, only of a valid draft. */
    public ModelVersionRow approve(String model, int version, String approver) {
        ModelVersionRow row = draftOf(model, version);
        if (row.author().equals(approver)) {
            throw new ModelEditRefused(Reason.OWN_APPROVAL, "$", "Version " + version + " of " + model
                    + " was drafted by " + approver + ": another editor must approve it");
        }
        if (!row.valid()) {
            throw invalid(model, version);
        }
        store.inTransaction(c -> {
            versions.approve(c, model, version, approver, now());
            return null;
        });
        return version(model, version);
    }

    /**
     * Publishes a draft: it must be valid, made from the version published now, approved when approval is required,
     * and every sample it changes acknowledged. The draft is run on the samples again against what is published now,
     * so the acknowledgement covers exactly what changes.
     */
    public ModelVersionRow publish(String model, int version, String publisher, String reason, List<String> acknowledged) {
        requireReason(reason);
        ModelVersionRow row = draftOf(model, version);
        if (!row.valid()) {
            throw invalid(model, version);
        }
        if (requireApproval && row.approvedBy() == null) {
            throw new ModelEditRefused(Reason.APPROVAL_REQUIRED, "$", "Version " + version + " of " + model
                    + " needs a second editor's approval before it can be published (runbook.editing.require-approval)");
        }
        ModelSet current = registry.current();
        DmnModel draft = published.model(model, version);
        ModelSet next = fitting(current, draft);
        Set<String> unacknowledged = new TreeSet<>(samples.compare(current, next).changedNames());
        unacknowledged.removeAll(acknowledged == null ? List.of() : acknowledged);
        if (!unacknowledged.isEmpty()) {
            throw new ModelEditRefused(Reason.SAMPLES_NOT_ACKNOWLEDGED, "acknowledgedSampleChanges",
                    "Version " + version + " of " + model + " changes how these samples decide; acknowledge them to publish: " + unacknowledged);
        }
        ObjectNode body = json.createObjectNode();
        body.set("acknowledgedSampleChanges", json.valueToTree(acknowledged == null ? List.of() : acknowledged));
        Integer parent = row.parentVersion();
        return publishLocked(model, publisher, reason, body, (c, now) -> {
            if (now.isEmpty() || parent == null || now.get().version() != parent) {
                throw new ModelEditRefused(Reason.STALE_DRAFT, "$", "Version " + version + " of " + model + " was made from version "
                        + parent + " but version " + now.map(ModelVersions.Published::version).orElse(null)
                        + " is published now: draft again from the published version");
            }
            return version;
        });
    }

    /**
     * Publishes a new version whose content is version {@code toVersion}'s: history only grows. Only a version that
     * was live can be rolled back to, and it needs no approval: it was approved (if approval was on) when first live.
     */
    public ModelVersionRow rollback(String model, Integer toVersion, String publisher, String reason) {
        requireReason(reason);
        if (toVersion == null) {
            throw new ModelEditRefused(Reason.UNKNOWN_VERSION, "toVersion", "Name the version to roll back to in 'toVersion'");
        }
        known(model);
        ModelVersionRow target = store.inTransaction(c -> versions.find(c, model, toVersion))
                .orElseThrow(() -> unknownVersion(model, toVersion, "toVersion"));
        if (target.publishedAt() == null) {
            // Rolling back to a draft would publish it past its approval and acknowledgement.
            throw new ModelEditRefused(Reason.NEVER_PUBLISHED, "toVersion", "Version " + toVersion + " of " + model
                    + " was never published: roll back only to a version that was live; publish a draft instead");
        }
        byte[] content = content(model, toVersion);
        fitting(registry.current(), compile(model, content));
        String sha256 = Hashing.sha256(content);
        // The new version is stored in the publish's own transaction, on top of whatever is published then: a refused
        // rollback leaves no version behind.
        return publishLocked(model, publisher, reason, json.createObjectNode().put("rollbackTo", toVersion),
                (c, now) -> versions.insert(c, model, content, sha256, publisher, "rollback to version " + toVersion + ": " + reason,
                        now.map(ModelVersions.Published::version).orElse(null), ModelState.DRAFT, true, null, now()));
    }

    /** Deletes a draft; published and retired versions are history and stay. */
    public void delete(String model, int version) {
        draftOf(model, version);
        if (!store.inTransaction(c -> versions.deleteDraft(c, model, version))) {
            throw notADraft(model, version);
        }
    }

    /** Which version a publish makes live, chosen under the model's lock, seeing what is published then. */
    @FunctionalInterface
    private interface ChosenVersion {
        int choose(Connection connection, Optional<ModelVersions.Published> now) throws SQLException;
    }

    /**
     * Moves the published pointer to the version {@code chosen} names (checking, or storing, it under the model's
     * lock, so two publishes of one model queue and the second sees the first), with its audit record, in one
     * transaction; then installs it on this replica.
     */
    private ModelVersionRow publishLocked(String model, String publisher, String reason, ObjectNode details,
                                          ChosenVersion chosen) {
        int version = store.inTransaction(c -> {
            Optional<ModelVersions.Published> now = versions.lockPublished(c, model);
            int live = chosen.choose(c, now);
            ModelVersionRow row = versions.find(c, model, live).orElseThrow(() -> unknownVersion(model, live, "version"));
            if (row.state() != ModelState.DRAFT) {
                throw notADraft(model, live);
            }
            AuditChain.Head head = AuditChain.lockHead(c);
            versions.publish(c, model, live, row.sha256(), now, publisher, head.now());
            ObjectNode body = published.publication(model, live, row.sha256(), now, row.author(), reason);
            body.put("publishedBy", publisher).put("approvedBy", row.approvedBy());
            body.setAll(details);
            AuditChain.append(c, head, AuditRecord.draft(UUID.randomUUID().toString(), RecordKind.MODEL_PUBLISHED, publisher,
                    null, null, null, null, null, Json.write(json, body)));
            return live;
        });
        published.refresh();
        return version(model, version);
    }

    /** {@code current} with {@code model} in place, refused when the set no longer fits what the service reads. */
    static ModelSet fitting(ModelSet current, DmnModel model) {
        try {
            return current.with(model);
        } catch (IllegalStateException e) {
            throw new ModelEditRefused(Reason.INVALID_DRAFT, "$", "dmn/" + model.name() + ".dmn version " + model.version()
                    + " does not fit what the service reads: " + e.getMessage());
        }
    }

    private static DmnModel compile(String model, byte[] dmn) {
        try {
            return DmnModel.compile(model + ".dmn", dmn, 0);
        } catch (IllegalStateException e) {
            throw new ModelEditRefused(Reason.INVALID_DRAFT, "$", e.getMessage());
        }
    }

    /** The version the store publishes now: this replica may not have installed it yet (it polls). */
    public int publishedVersion(String model) {
        return store.inTransaction(versions::published).get(model).version();
    }

    private ModelVersionRow draftOf(String model, int version) {
        ModelVersionRow row = version(model, version);
        if (row.state() != ModelState.DRAFT) {
            throw notADraft(model, version);
        }
        return row;
    }

    private void known(String model) {
        if (registry.current().dmn(model).isEmpty()) {
            throw new ModelEditRefused(Reason.UNKNOWN_MODEL, "name", "No model named '" + model + "' (the service reads "
                    + registry.current().dmnModels().stream().map(DmnModel::name).toList() + ")");
        }
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ModelEditRefused(Reason.MISSING_REASON, "reason", "Say why in 'reason': the audit record keeps it");
        }
    }

    private static ModelEditRefused unknownVersion(String model, int version, String field) {
        return new ModelEditRefused(Reason.UNKNOWN_VERSION, field, "dmn/" + model + ".dmn has no version " + version);
    }

    private static ModelEditRefused notADraft(String model, int version) {
        return new ModelEditRefused(Reason.NOT_A_DRAFT, "version", "Version " + version + " of " + model
                + " is not a draft: published and retired versions stay as they are (roll back to publish one again)");
    }

    static ModelEditRefused invalid(String model, int version) {
        return new ModelEditRefused(Reason.INVALID_DRAFT, "version", "Version " + version + " of " + model
                + " did not validate: fix it in a new draft (see its validation report)");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private VersionReport read(String stored) {
        try {
            return json.readValue(stored, VersionReport.class);
        } catch (IOException e) {
            throw new IllegalStateException("A stored model report is not readable", e);
        }
    }
}
