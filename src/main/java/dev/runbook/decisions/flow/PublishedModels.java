package dev.runbook.decisions.flow;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.runbook.decisions.audit.AuditChain;
import dev.runbook.decisions.audit.AuditRecord;
import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.domain.Hashing;
import dev.runbook.decisions.domain.ModelState;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.store.Json;
import dev.runbook.decisions.store.ModelVersions;
import dev.runbook.decisions.store.NotFoundInStoreException;
import dev.runbook.decisions.store.Store;

/**
 * Keeps every replica deciding with the published versions in the store. At start-up the files shipped in dmn/ are
 * published as authored by {@code deploy} when the store does not have them yet (version 1 on a fresh store, a new
 * version when a release ships a changed file); then this replica installs what is published, and polls the small
 * pointer table every {@code runbook.editing.poll-every} to install what another replica published.
 */
@ApplicationScoped
public class PublishedModels {

    private static final Logger LOG = Logger.getLogger(PublishedModels.class);
    /** The author of versions that came with a release rather than from an editor. */
    public static final String DEPLOY = "deploy";
    /** Compiled versions kept for replays and drafts, by model, number and hash: compiling is the slow part. */
    private static final int COMPILED_KEPT = 64;
    /** SQL state of a primary-key clash, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Store store;
    private final ModelVersions versions;
    private final ModelRegistry registry;
    private final ObjectMapper json;
    private final FlowMetrics metrics;
    private final Map<String, DmnModel> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DmnModel> eldest) {
            return size() > COMPILED_KEPT;
        }
    };

    public PublishedModels(Store store, ModelVersions versions, ModelRegistry registry, ObjectMapper json, FlowMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.versions = versions;
        this.registry = registry;
        this.json = json;
    }

    void onStart(@Observes StartupEvent start) {
        registry.shippedDmn().forEach(this::deployShipped);
        refresh();
    }

    @Scheduled(every = "${runbook.editing.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${runbook.editing.poll-every}")
    void poll() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the published models (deciding on with the current ones): %s", e.getMessage());
        }
    }

    /**
     * Publishes the shipped file of {@code model} unless it is what {@code deploy} last published. Replicas starting
     * together on a fresh store both try to insert version 1: the loser retries once and finds it there.
     */
    void deployShipped(String model, byte[] content) {
        try {
            deployShippedOnce(model, content);
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof SQLException sql) || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw e;
            }
            deployShippedOnce(model, content);
        }
    }

    private void deployShippedOnce(String model, byte[] content) {
        String sha256 = Hashing.sha256(content);
        store.inTransaction(c -> {
            Optional<ModelVersions.Published> published = versions.lockPublished(c, model);
            Optional<String> lastDeployed = versions.latestBy(c, model, DEPLOY).map(v -> v.sha256());
            if (lastDeployed.isPresent() && lastDeployed.get().equals(sha256)) {
                return null;
            }
            AuditChain.Head head = AuditChain.lockHead(c);
            int version = versions.insert(c, model, content, sha256, DEPLOY, "shipped in dmn/" + model + ".dmn",
                    published.map(ModelVersions.Published::version).orElse(null), ModelState.DRAFT, true, null, head.now());
            versions.publish(c, model, version, sha256, published, DEPLOY, head.now());
            ObjectNode body = publication(model, version, sha256, published, DEPLOY, "shipped in dmn/" + model + ".dmn");
            AuditChain.append(c, head, AuditRecord.draft(UUID.randomUUID().toString(), RecordKind.MODEL_PUBLISHED, DEPLOY,
                    null, null, null, null, null, Json.write(json, body)));
            LOG.infof("Published dmn/%s.dmn as version %d (deploy)", model, version);
            return null;
        });
    }

    /** The body of a MODEL_PUBLISHED record: which version replaced which, by whom and why. */
    ObjectNode publication(String model, int version, String sha256, Optional<ModelVersions.Published> previous,
                           String author, String reason) {
        ObjectNode body = json.createObjectNode().put("model", model).put("version", version).put("sha256", sha256)
                .put("author", author).put("reason", reason);
        previous.ifPresent(p -> body.put("previousVersion", p.version()).put("previousSha256", p.sha256()));
        return body;
    }

    /**
     * Installs what the store has published, when it differs from what this replica decides with: one new set, so a
     * decision in flight keeps the set it took. A published set that does not fit the code is not installed. The
     * versions decided with are then published as this replica's live versions, whether they changed or not.
     */
    public synchronized void refresh() {
        try {
            install();
        } finally {
            metrics.modelsLive(registry.current());
        }
    }

    private void install() {
        Map<String, ModelVersions.Published> published = store.inTransaction(versions::published);
        ModelSet current = registry.current();
        Map<String, DmnModel> changed = new HashMap<>();
        for (ModelVersions.Published p : published.values()) {
            Optional<DmnModel> now = current.dmn(p.model());
            if (now.isPresent() && (now.get().version() != p.version() || !now.get().contentHash().equals(p.sha256()))) {
                changed.put(p.model(), model(p.model(), p.version(), p.sha256()));
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        List<DmnModel> next = new ArrayList<>(current.dmnModels().stream().filter(m -> !changed.containsKey(m.name())).toList());
        next.addAll(changed.values());
        try {
            registry.install(ModelSet.of(next, current.rules()));
            LOG.infof("Deciding with %s", changed.values().stream().map(m -> m.name() + " v" + m.version()).toList());
        } catch (IllegalStateException e) {
            LOG.errorf("The published models do not fit this version of the service; deciding on with the previous ones: %s", e.getMessage());
        }
    }

    /** The set of models named by {@code refs} (an audit record's "models"): what that decision was taken with. */
    public ModelSet setOf(List<ModelSet.ModelRef> refs) {
        ModelSet current = registry.current();
        List<DmnModel> models = new ArrayList<>();
        for (ModelSet.ModelRef ref : refs) {
            if (ref.dmnName() != null) {
                models.add(model(ref.dmnName(), ref.version(), ref.contentHash()));
            }
        }
        return ModelSet.of(models, current.rules());
    }

    /** Version {@code version} of {@code model} as stored now, compiled once and kept while used. */
    public DmnModel model(String model, int version) {
        String sha256 = store.inTransaction(c -> versions.find(c, model, version)).map(v -> v.sha256())
                .orElseThrow(() -> new NotFoundInStoreException("version of dmn/" + model + ".dmn", String.valueOf(version)));
        return model(model, version, sha256);
    }

    /**
     * The version of {@code model} numbered {@code version} whose content hashes to {@code sha256}: kept by all three,
     * since the number of a deleted draft is given to the next one.
     */
    private DmnModel model(String model, int version, String sha256) {
        String key = model + "/" + version + "/" + sha256;
        synchronized (compiled) {
            DmnModel found = compiled.get(key);
            if (found != null) {
                return found;
            }
        }
        byte[] content = store.inTransaction(c -> versions.content(c, model, version))
                .filter(c -> Hashing.sha256(c).equals(sha256))
                .orElseThrow(() -> new NotFoundInStoreException("version of dmn/" + model + ".dmn", version + " (SHA-256 " + sha256 + ")"));
        DmnModel fresh = DmnModel.compile(model + ".dmn", content, version);
        synchronized (compiled) {
            compiled.put(key, fresh);
        }
        return fresh;
    }
}
