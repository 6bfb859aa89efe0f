package dev.runbook.decisions.bench;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every benchmark of bench/ runs once, briefly, in process, so none can rot. This asserts that each ran and produced
 * a score; it asserts no duration (numbers come from bench/run.sh, not from tests).
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsAndScores() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(getClass().getPackageName() + ".*Benchmark")
                .forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50)).shouldFailOnError(true)
                .build()).run();
        Set<String> benchmarks = new TreeSet<>();
        for (RunResult result : results) {
            benchmarks.add(result.getParams().getBenchmark().replaceAll(".*\\.bench\\.", ""));
            assertTrue(result.getPrimaryResult().getScore() > 0, result.getParams().getBenchmark());
        }
        assertEquals(Set.of("DecisionBenchmark.decide", "ModelBenchmark.evaluateModel", "RulesBenchmark.rulesSession",
                "PeerBenchmark.drools", "PeerBenchmark.camunda", "PeerBenchmark.operaton", "ScalingBenchmark.evaluate",
                "ShadowBenchmark.decideWithDraft", "ShadowBenchmark.draftSet"), benchmarks);
        assertEquals(7 + 6 + 1 + 3 + 3 + 2, results.size(), "every parameter ran");
    }
}
