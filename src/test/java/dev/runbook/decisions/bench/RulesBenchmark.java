package dev.runbook.decisions.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.runbook.decisions.decide.Incident;
import dev.runbook.decisions.decide.RuleOutcome;
import dev.runbook.decisions.decide.Thresholds;

/** The DRL session alone: a fresh session over the incident and the thresholds, all rules fired. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RulesBenchmark {

    private Incident incident;
    private Thresholds thresholds;

    @Setup
    public void setUp() {
        incident = Shared.incident(ModelBenchmark.SAMPLE);
        thresholds = Shared.thresholds(ModelBenchmark.SAMPLE);
    }

    @Benchmark
    public RuleOutcome rulesSession() {
        return Shared.REGISTRY.current().rules().evaluate(incident, thresholds);
    }
}
