package dev.runbook.decisions.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.ModelResult;

/** Each DMN model on its own, with the context it sees in a real decision of a P1 high-error-rate incident. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ModelBenchmark {

    static final String SAMPLE = "high-error-rate-p1-out-of-memory";

    @Param({"classification", "severity", "escalation", "communication", "recovery", "remediation-thresholds"})
    public String model;

    private DmnModel dmn;
    private Map<String, Object> context;

    @Setup
    public void setUp() {
        dmn = Shared.REGISTRY.current().required(model);
        context = Shared.contextBefore(model, SAMPLE);
    }

    @Benchmark
    public ModelResult evaluateModel() {
        return dmn.evaluate(context);
    }
}
