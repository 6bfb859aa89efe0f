package dev.runbook.decisions.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;

import dev.runbook.decisions.act.ActMetrics;
import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.DecisionService;
import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.MappedAlert;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.IncidentFacts;
import dev.runbook.decisions.store.ModelVersionRow;
import dev.runbook.decisions.store.ShadowRows;
import dev.runbook.decisions.store.Store;

import static dev.runbook.decisions.flow.ModelEditRefused.Reason;
import static dev.runbook.decisions.store.ShadowRows.Evaluation;

/**
 * Shadows: a stored version of a model decides beside the published one on live traffic for a while, and every
 * decision it decides differently (severity, incident type, actions, escalation) is kept, outside the audit chain:
 * nothing is answered or done differently. A decision is evaluated again after it is recorded, on one background
 * thread with a bounded queue, so a shadow never slows an answer: when the queue is full the decision is left out of
 * the shadows and counted ({@code runbook.shadow.dropped}). Shadows are rows in the store; each replica reads the
 * running ones every {@code runbook.editing.poll-every} (at once on the replica that started or stopped one), and the
 * stored end is checked again when an evaluation is recorded, so a stopped shadow records nothing more on any replica.
 */
@ApplicationScoped
public class ShadowRuns {

    private static final Logger LOG = Logger.getLogger(ShadowRuns.class);
    public static final int DEFAULT_MINUTES = 60;
    public static final int MAX_MINUTES = 24 * 60;
    /** Decisions waiting for their shadow evaluations (a few seconds of a busy replica's traffic); more are dropped. */
    static final int QUEUED = 256;

    private final Store store;
    private final ShadowRows rows;
    private final ModelEditing editing;
    private final PublishedModels published;
    private final ModelRegistry registry;
    private final DecisionService decisions;
    private final AlertReader reader;
    private final ActMetrics metrics;
    private final ObjectMapper json;
    private final AtomicReference<List<Running>> running = new AtomicReference<>(List.of());
    private final ThreadPoolExecutor evaluator = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED), task -> {
                Thread thread = new Thread(task, "shadow-evaluator");
                thread.setDaemon(true);
                return thread;
            });

    public ShadowRuns(Store store, ShadowRows rows, ModelEditing editing, PublishedModels published, ModelRegistry registry,
                      DecisionService decisions, AlertReader reader, ActMetrics metrics, ObjectMapper json) {
        this.store = store;
        this.rows = rows;
        this.editing = editing;
        this.published = published;
        this.registry = registry;
        this.decisions = decisions;
        this.reader = reader;
        this.metrics = metrics;
        this.json = json;
    }

    /** {@code after} is null when the version would have rejected the alert the decision was made of. */
    public record Difference(String decisionId, Instant at, String service, Decision.Outcome before, Decision.Outcome after) {
    }

    /**
     * A shadow and the newest of the decisions it decided differently ({@code differing} counts them all). The counts
     * cover every period the version was shadowed; a version never shadowed answers no period and nothing counted.
     */
    public record View(String model, int version, String startedBy, Instant startedAt, Instant until, boolean active,
                       long evaluated, long differing, long failed, List<Difference> differences) {
    }

    /**
     * Shadows {@code version} of {@code model} for {@code minutes} from now: a new shadow, or a new period of one
     * that ran before. Refused for the published version (it decides already), an invalid version, and one that does
     * not fit the models published now.
     */
    public View start(String model, int version, int minutes, String by) {
        ModelVersionRow row = editing.version(model, version);
        ModelSet current = registry.current();
        if (editing.publishedVersion(model) == version) {
            throw new ModelEditRefused(Reason.ALREADY_PUBLISHED, "version", "Version " + version + " of " + model
                    + " is the published version: it decides already. Shadow a draft or an earlier version");
        }
        if (!row.valid()) {
            throw ModelEditing.invalid(model, version);
        }
        ModelEditing.fitting(current, published.model(model, version));
        Instant now = now();
        store.inTransaction(c -> {
            rows.start(c, model, version, by, now, now.plus(Duration.ofMinutes(minutes)));
            return null;
        });
        LOG.infof("%s shadows dmn/%s.dmn version %d for %d minutes", by, model, version, minutes);
        refresh();
        return view(model, version);
    }

    /** Ends the shadow now, on every replica; what it recorded stays. Stopping a shadow that is not running changes nothing. */
    public View stop(String model, int version) {
        editing.version(model, version);
        store.inTransaction(c -> {
            rows.stop(c, model, version, now());
            return null;
        });
        refresh();
        return view(model, version);
    }

    public View view(String model, int version) {
        editing.version(model, version);
        return store.inTransaction(c -> {
            Optional<ShadowRows.Shadow> found = rows.find(c, model, version);
            if (found.isEmpty()) {
                return new View(model, version, null, null, null, false, 0, 0, 0, List.of());
            }
            ShadowRows.Shadow s = found.get();
            return new View(model, version, s.startedBy(), s.startedAt(), s.endsAt(), s.endsAt().isAfter(Instant.now()),
                    s.evaluated(), s.differing(), s.failed(),
                    rows.differences(c, model, version, ShadowRows.DIFFERENCES_KEPT).stream().map(this::difference).toList());
        });
    }

    private Difference difference(ShadowRows.Difference stored) {
        return new Difference(stored.decisionId(), stored.at(), stored.service(), outcome(stored.before()), outcome(stored.after()));
    }

    private Decision.Outcome outcome(JsonNode stored) {
        return stored == null || stored.isNull() ? null : json.convertValue(stored, Decision.Outcome.class);
    }

    /** A recorded decision of {@code facts}, taken with {@code models}: the running shadows decide it again. */
    public void observe(ModelSet models, Decision decision, IncidentFacts facts) {
        queue(models, decision, facts.service(), set -> decisions.decide(set, facts));
    }

    /**
     * A recorded decision of a firing alert: the running shadows map the alert again too, so a shadowed routing model
     * shows what it would route differently (or reject: null).
     */
    public void observeAlert(ModelSet models, Decision decision, IncidentFacts facts, AlertEvent event) {
        queue(models, decision, facts.service(), set -> {
            MappedAlert mapped = reader.map(set, event);
            return mapped.facts() == null ? null : decisions.decide(set, mapped.facts());
        });
    }

    private void queue(ModelSet models, Decision decision, String service, Function<ModelSet, Decision> decideWith) {
        List<Running> shadows = running.get().stream().filter(r -> r.until.isAfter(decision.evaluatedAt())).toList();
        if (shadows.isEmpty()) {
            return;
        }
        try {
            evaluator.execute(() -> evaluate(shadows, models, decision, service, decideWith));
        } catch (RejectedExecutionException e) {
            metrics.shadowDropped();
        }
    }

    /** Decides again with each shadow in place of its model, and records what came of it; never throws. */
    void evaluate(List<Running> shadows, ModelSet models, Decision decision, String service,
                  Function<ModelSet, Decision> decideWith) {
        Decision.Outcome before = decision.outcome();
        for (Running shadow : shadows) {
            if (models.dmn(shadow.model).map(m -> m.version() == shadow.version).orElse(true)) {
                continue; // published since it was started: it is what decided
            }
            long start = System.nanoTime();
            ModelSet shadowSet = shadow.setWith(models);
            Decision.Outcome after = null;
            Evaluation evaluation = Evaluation.FAILED;
            if (shadowSet != null) {
                try {
                    Decision shadowed = decideWith.apply(shadowSet);
                    after = shadowed == null ? null : shadowed.outcome();
                    evaluation = before.equals(after) ? Evaluation.SAME : Evaluation.DIFFERING;
                } catch (RuntimeException e) {
                    LOG.warnf("Shadow dmn/%s.dmn version %d failed on decision %s: %s", shadow.model, shadow.version,
                            decision.decisionId(), e.getMessage());
                }
            }
            metrics.shadowEvaluated(shadow.model, evaluation, System.nanoTime() - start);
            record(shadow, decision, service, before, after, evaluation);
        }
    }

    private void record(Running shadow, Decision decision, String service, Decision.Outcome before, Decision.Outcome after, Evaluation evaluation) {
        try {
            store.inTransaction(c -> {
                if (rows.count(c, shadow.model, shadow.version, decision.evaluatedAt(), evaluation) && evaluation == Evaluation.DIFFERING) {
                    rows.keep(c, shadow.model, shadow.version, decision.decisionId(), decision.evaluatedAt(), service, before, after);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not record shadow dmn/%s.dmn version %d on decision %s: %s", shadow.model, shadow.version,
                    decision.decisionId(), e.getMessage());
        }
    }

    @Scheduled(every = "${runbook.editing.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the running shadows (going on with the ones known): %s", e.getMessage());
        }
    }

    /** Reads the running shadows; a shadow already known keeps its compiled model and the sets made with it. */
    synchronized void refresh() {
        List<ShadowRows.Shadow> stored = store.inTransaction(c -> rows.running(c, Instant.now()));
        Map<String, Running> known = new HashMap<>();
        running.get().forEach(r -> known.put(r.model + "/" + r.version, r));
        List<Running> next = new ArrayList<>();
        for (ShadowRows.Shadow s : stored) {
            Running before = known.get(s.model() + "/" + s.version());
            try {
                next.add(before != null ? before.endingAt(s.endsAt())
                        : new Running(s.model(), s.version(), s.endsAt(), published.model(s.model(), s.version()), new AtomicReference<>()));
            } catch (RuntimeException e) {
                LOG.warnf("Cannot shadow dmn/%s.dmn version %d: %s", s.model(), s.version(), e.getMessage());
            }
        }
        running.set(List.copyOf(next));
    }

    @PreDestroy
    void close() {
        evaluator.shutdownNow();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A running shadow as this replica knows it. The set a decision took, with the shadowed version in its model's
     * place, is made once per published set (checking a set against the contract is not free) and kept until a
     * publish installs another.
     */
    static final class Running {
        final String model;
        final int version;
        final Instant until;
        private final DmnModel dmn;
        private final AtomicReference<Shadowed> last;

        Running(String model, int version, Instant until, DmnModel dmn, AtomicReference<Shadowed> last) {
            this.model = model;
            this.version = version;
            this.until = until;
            this.dmn = dmn;
            this.last = last;
        }

        Running endingAt(Instant end) {
            return end.equals(until) ? this : new Running(model, version, end, dmn, last);
        }

        /** {@code published} with this version in its model's place; null when it does not fit (logged once per set). */
        ModelSet setWith(ModelSet published) {
            Shadowed made = last.get();
            if (made == null || made.published() != published) {
                ModelSet shadowed = null;
                try {
                    shadowed = published.with(dmn);
                } catch (IllegalStateException e) {
                    LOG.warnf("Shadow dmn/%s.dmn version %d does not fit the published models (counted as failed): %s",
                            model, version, e.getMessage());
                }
                made = new Shadowed(published, shadowed);
                last.set(made);
            }
            return made.shadowed();
        }
    }

    private record Shadowed(ModelSet published, ModelSet shadowed) {
    }
}
