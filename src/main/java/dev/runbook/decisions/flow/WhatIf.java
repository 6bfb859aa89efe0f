package dev.runbook.decisions.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.audit.AuditQueries;
import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.DecisionService;
import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.Explanation;
import dev.runbook.decisions.decide.ModelEvaluationException;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.domain.Severity;
import dev.runbook.decisions.store.NotFoundInStoreException;

import static dev.runbook.decisions.flow.ModelEditRefused.Reason;

/**
 * What a version of one model would have decided on the decisions of a time window: each audited decision's recorded
 * facts are decided again with that version in place of the model, every other model at the version the decision
 * used, and compared with the same facts decided with the published version in its place ({@code against}). Nothing
 * is recorded and no action runs: only {@link DecisionService} is called.
 * <p>
 * "Before" is the recorded decision itself when the decision used exactly the set it would be re-decided with (the
 * published version and today's rules: a replay is exact, see {@link Replay}); otherwise the facts are decided with
 * the published version too. The published row hits are therefore those of the published version on every decision.
 */
@ApplicationScoped
public class WhatIf {

    /** At most this many recorded decisions are read in one what-if, oldest first; {@code truncated} says more were left. */
    public static final int MAX_LIMIT = 10_000;
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    /** The changed decisions listed in full, oldest first; the counts cover every one. */
    static final int LISTED = 200;
    /**
     * Records read per transaction: half of what {@link AuditQueries#MAX_WHOLE_RECORDS} allows, since a batch's
     * replayed decisions are held beside its records.
     */
    private static final int BATCH = AuditQueries.MAX_WHOLE_RECORDS / 2;

    private final ModelEditing editing;
    private final PublishedModels published;
    private final ModelRegistry registry;
    private final Replay replay;
    private final DecisionService decisions;

    public WhatIf(ModelEditing editing, PublishedModels published, ModelRegistry registry, Replay replay, DecisionService decisions) {
        this.editing = editing;
        this.published = published;
        this.registry = registry;
        this.replay = replay;
        this.decisions = decisions;
    }

    /** Decides the decisions recorded in [from, to), at most {@code limit}, again with {@code version} of {@code model}. */
    public Result run(String model, int version, Instant from, Instant to, int limit) {
        editing.version(model, version); // refuses an unknown model or version (404) before any work
        ModelSet current = registry.current();
        DmnModel against = current.required(model);
        if (!current.decidesOnFacts(model)) {
            return new Result(model, version, against.version(), from, to, 0, 0, false, null, null, null, null, null,
                    "dmn/" + model + ".dmn is not read when deciding on incident facts (it turns alerts into facts, or judges an "
                            + "open incident's improvement), so deciding the recorded facts again cannot show what this version "
                            + "changes; the sample report of the version (GET .../versions/" + version + "/info, samples) covers it");
        }
        DmnModel draft = fitting(current, model, version);
        Tally tally = new Tally(model);
        Map<List<ModelSet.ModelRef>, Sets> sets = new HashMap<>();
        long afterSeq = 0;
        int remaining = limit;
        boolean more = true;
        while (remaining > 0 && more) {
            int asked = Math.min(BATCH, remaining);
            Replay.Batch batch = replay.recorded(from, to, afterSeq, asked);
            tally.skipped += batch.unreadable();
            for (RecordedDecision recorded : batch.decisions()) {
                decideAgain(recorded, sets.computeIfAbsent(recorded.models(), refs -> sets(refs, against, draft)), tally);
            }
            remaining -= batch.read();
            afterSeq = batch.lastSeq();
            more = batch.read() == asked;
        }
        boolean truncated = remaining == 0 && replay.recorded(from, to, afterSeq, 1).read() > 0;
        return new Result(model, version, against.version(), from, to, tally.evaluated, tally.skipped, truncated, tally.changed(),
                tally.matrix, new RowHits(tally.draftHits, tally.publishedHits),
                new NeverFired(neverFired(draft, tally.draftHits), neverFired(against, tally.publishedHits)), tally.listed, null);
    }

    private void decideAgain(RecordedDecision recorded, Sets sets, Tally tally) {
        if (sets == Sets.UNUSABLE) {
            tally.skipped++;
            return;
        }
        Decision before;
        try {
            before = sets.recordedIsBefore() ? recorded.decision() : decisions.decide(sets.before(), recorded.facts());
        } catch (ModelEvaluationException e) {
            tally.skipped++;
            return;
        }
        try {
            tally.add(recorded, before, decisions.decide(sets.after(), recorded.facts()), null);
        } catch (ModelEvaluationException e) {
            tally.add(recorded, before, null, e.getMessage());
        }
    }

    /**
     * The sets a decision that used {@code refs} is decided with: the published version and the version asked in place
     * of the model. Unusable when a version it names is gone or the versions no longer fit together.
     */
    private Sets sets(List<ModelSet.ModelRef> refs, DmnModel against, DmnModel draft) {
        try {
            ModelSet recorded = published.setOf(refs);
            ModelSet before = recorded.with(against);
            return new Sets(before, recorded.with(draft), Set.copyOf(refs).equals(Set.copyOf(before.modelRefs())));
        } catch (NotFoundInStoreException | IllegalStateException e) {
            return Sets.UNUSABLE;
        }
    }

    /** The version compiled, refused when it does not compile or does not fit the models published now. */
    private DmnModel fitting(ModelSet current, String model, int version) {
        try {
            DmnModel compiled = published.model(model, version);
            current.with(compiled);
            return compiled;
        } catch (IllegalStateException e) {
            throw new ModelEditRefused(Reason.INVALID_DRAFT, "version", "Version " + version + " of " + model
                    + " cannot decide: " + e.getMessage());
        }
    }

    private static List<String> neverFired(DmnModel model, Map<String, Integer> hits) {
        return model.tableRows().stream().filter(row -> !hits.containsKey(row)).toList();
    }

    private record Sets(ModelSet before, ModelSet after, boolean recordedIsBefore) {
        static final Sets UNUSABLE = new Sets(null, null, false);
    }

    /** The counts over the window, and the first changed decisions. */
    private static final class Tally {
        private final String model;
        private int evaluated;
        private int skipped;
        private int any;
        private int severity;
        private int incidentType;
        private int actions;
        private int escalation;
        private int failed;
        private final Map<Severity, Map<Severity, Integer>> matrix = new EnumMap<>(Severity.class);
        private final Map<String, Integer> draftHits = new TreeMap<>();
        private final Map<String, Integer> publishedHits = new TreeMap<>();
        private final List<ChangedDecision> listed = new ArrayList<>();

        Tally(String model) {
            this.model = model;
        }

        /** {@code after} is null when the version failed on these facts ({@code error} says how). */
        void add(RecordedDecision recorded, Decision before, Decision after, String error) {
            evaluated++;
            List<String> rowsBefore = rows(before);
            rowsBefore.forEach(row -> publishedHits.merge(row, 1, Integer::sum));
            Decision.Outcome was = before.outcome();
            Decision.Outcome is = after == null ? null : after.outcome();
            List<String> rowsAfter = after == null ? List.of() : rows(after);
            rowsAfter.forEach(row -> draftHits.merge(row, 1, Integer::sum));
            boolean changed;
            if (is == null) {
                failed++;
                changed = true;
            } else {
                matrix.computeIfAbsent(was.severity(), s -> new EnumMap<>(Severity.class)).merge(is.severity(), 1, Integer::sum);
                boolean severityChanged = was.severity() != is.severity();
                boolean typeChanged = was.incidentType() != is.incidentType();
                boolean actionsChanged = !was.actions().equals(is.actions());
                boolean escalationChanged = !was.escalation().equals(is.escalation());
                severity += severityChanged ? 1 : 0;
                incidentType += typeChanged ? 1 : 0;
                actions += actionsChanged ? 1 : 0;
                escalation += escalationChanged ? 1 : 0;
                changed = severityChanged || typeChanged || actionsChanged || escalationChanged;
            }
            if (changed) {
                any++;
                if (listed.size() < LISTED) {
                    listed.add(new ChangedDecision(recorded.decisionId(), recorded.facts().service(), recorded.decidedAt(), was, is,
                            error, rowsBefore, rowsAfter));
                }
            }
        }

        /** The rows of this model that matched, as "decision#row". */
        private List<String> rows(Decision decision) {
            List<String> rows = new ArrayList<>();
            for (Explanation e : decision.explanation()) {
                if (e.kind() == Explanation.Kind.DMN_ROW && model.equals(e.model())) {
                    rows.add(e.decision() + "#" + e.row());
                }
            }
            return rows;
        }

        Changed changed() {
            return new Changed(any, severity, incidentType, actions, escalation, failed);
        }
    }

    /**
     * The answer. {@code against} is the published version; {@code skipped} counts recorded decisions that could not be
     * decided again (facts today's schema refuses, model versions that no longer fit together); {@code truncated}
     * says the window held more than {@code limit} decisions (the oldest were read). With a {@code note}, the model is
     * not read when deciding on facts and nothing was decided again.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String model, int version, int against, Instant from, Instant to, int evaluated, int skipped,
                         boolean truncated, Changed changed, Map<Severity, Map<Severity, Integer>> severityMatrix,
                         RowHits rowHits, NeverFired neverFired, List<ChangedDecision> decisions, String note) {
    }

    /** How many decisions change, in all and by part; {@code failed}: the version could not decide their facts. */
    public record Changed(int any, int severity, int incidentType, int actions, int escalation, int failed) {
    }

    /** Matches per row, "decision#row", of the version asked ({@code draft}) and of the published version. */
    public record RowHits(Map<String, Integer> draft, Map<String, Integer> published) {
    }

    public record NeverFired(List<String> draft, List<String> published) {
    }

    /** {@code after} is null, and {@code error} says why, when the version failed on the decision's facts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChangedDecision(String decisionId, String service, Instant decidedAt, Decision.Outcome before, Decision.Outcome after,
                                  String error, List<String> rowsBefore, List<String> rowsAfter) {
    }
}
