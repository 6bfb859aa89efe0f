package dev.runbook.decisions.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * What deciding with a draft costs, beside {@link DecisionBenchmark}: one decision of a set with a draft of
 * classification in place (what a shadow adds to each decision, and a what-if spends per recorded decision), and
 * building that set (ModelSet.with: the contract check; once per draft, or per set of versions a what-if meets).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShadowBenchmark {

    /** The sample DecisionBenchmark also decides, so the two rows compare. */
    static final String SAMPLE = "data-drift-retrain";

    private IncidentFacts facts;
    private DmnModel draft;
    private ModelSet draftSet;

    @Setup
    public void setUp() {
        facts = Shared.sample(SAMPLE);
        String classification = new String(Shared.file("dmn/classification.dmn"), StandardCharsets.UTF_8);
        // The drift threshold lowered from 0.3 to 0.25, as an editor's draft would.
        draft = DmnModel.compile("classification.dmn", classification.replace(
                "<outputEntry id=\"_classification_oe_symptomThresholdRows_3_value\"><text>0.3</text>",
                "<outputEntry id=\"_classification_oe_symptomThresholdRows_3_value\"><text>0.25</text>").getBytes(StandardCharsets.UTF_8), 2);
        draftSet = Shared.REGISTRY.current().with(draft);
    }

    @Benchmark
    public Decision decideWithDraft() {
        return Shared.SERVICE.decide(draftSet, facts);
    }

    @Benchmark
    public ModelSet draftSet() {
        return Shared.REGISTRY.current().with(draft);
    }
}
