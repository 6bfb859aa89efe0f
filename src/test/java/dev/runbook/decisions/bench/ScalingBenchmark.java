package dev.runbook.decisions.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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

/**
 * How cost grows with table size: a copy of the severity table with filler rows that never match put before its
 * six real rows (1x = 6 rows, 10x = 60, 100x = 600), evaluated on an input that only the last row matches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScalingBenchmark {

    @Param({"1", "10", "100"})
    public int times;

    private DmnModel model;
    private Map<String, Object> input;

    @Setup
    public void setUp() {
        String dmn = new String(Shared.file(PeerBenchmark.FILE), StandardCharsets.UTF_8);
        int firstRule = dmn.indexOf("<rule ");
        StringBuilder filler = new StringBuilder();
        for (int i = 0; i < (times - 1) * 6; i++) {
            filler.append("        <rule id=\"_filler_").append(i).append("\">")
                    .append("<inputEntry><text>-</text></inputEntry>")
                    .append("<inputEntry><text>[").append(2 + i).append("..").append(3 + i).append("]</text></inputEntry>")
                    .append("<inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>")
                    .append("<outputEntry><text>\"P4\"</text></outputEntry></rule>\n");
        }
        String scaled = dmn.substring(0, firstRule) + filler + dmn.substring(firstRule);
        model = Shared.compile("severity-x" + times + ".dmn", scaled.getBytes(StandardCharsets.UTF_8));
        input = new HashMap<>();
        input.put("productionOutage", false);
        input.put("errorRate", BigDecimal.ZERO);
        input.put("productionTrafficAffected", false);
        input.put("userImpact", false);
        if (!"P4".equals(evaluate())) {
            throw new IllegalStateException("the scaled table answers " + evaluate());
        }
    }

    @Benchmark
    public Object evaluate() {
        return model.evaluate(input).decisions().get("baseSeverity");
    }
}
