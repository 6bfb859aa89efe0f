package dev.runbook.decisions.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.ingest.IncidentFacts;

/** One full decision (every DMN model, the rules, the action catalogue) for one sample of each runbook section. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    @Param({"high-error-rate-p1-out-of-memory", "high-latency-saturated", "data-drift-retrain", "mlflow-down-extended-outage",
            "out-of-memory-oomkilled", "model-degradation-load-failed", "unclassified-minor"})
    public String sample;

    private IncidentFacts facts;

    @Setup
    public void setUp() {
        facts = Shared.sample(sample);
    }

    @Benchmark
    public Decision decide() {
        return Shared.SERVICE.decide(facts);
    }
}
