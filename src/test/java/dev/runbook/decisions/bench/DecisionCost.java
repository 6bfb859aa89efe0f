package dev.runbook.decisions.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;
import org.openjdk.jmh.annotations.Param;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelResult;
import dev.runbook.decisions.ingest.FactsParser;

/**
 * What one decision costs in process, in the figures that do not move with the machine's load: bytes allocated by the
 * deciding thread and its CPU time, per decision of each {@link DecisionBenchmark} sample, and per evaluation of
 * {@code severity} and {@code escalation} alone (with {@link ModelBenchmark}'s context), measured in the same round so
 * their ratios compare. JMH's {@code -prof gc} gives the same bytes on a quiet machine; on a shared one its iterations
 * run too few decisions after too little warm-up, which is why this warms each sample first. Run by hand, never by
 * the tests; it asserts nothing:
 *
 * <pre>
 * java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$(cat target/bench.cp)" \
 *     dev.runbook.decisions.bench.DecisionCost [OUT-DIR]
 * </pre>
 *
 * It also prints the time each DMN file of dmn/ takes to compile (cold, then again), and writes every sample's
 * decision (without its id and time), explanation included, to {@code OUT-DIR/decisions.json}: two builds decide
 * identically when those files are equal (bench/README.md, "Decision cost"). Properties: {@code decisionCost.warmup} (decisions per sample before the
 * first round, default 1500), {@code decisionCost.measured} (per sample and round, default 400),
 * {@code decisionCost.rounds} (default 3).
 */
public final class DecisionCost {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private DecisionCost() {
    }

    public static void main(String[] args) throws IOException, NoSuchFieldException {
        // As Shared does, before anything compiles: outside Quarkus the engines would format every TRACE message.
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
        Path out = Path.of(args.length > 0 ? args[0] : "target/decision-cost");
        Files.createDirectories(out);
        int warmup = Integer.getInteger("decisionCost.warmup", 1500);
        int measured = Integer.getInteger("decisionCost.measured", 400);
        int rounds = Integer.getInteger("decisionCost.rounds", 3);

        compileTimes();
        writeDecisions(out.resolve("decisions.json"));

        Map<String, Supplier<Object>> subjects = new LinkedHashMap<>();
        for (String sample : DecisionBenchmark.class.getField("sample").getAnnotation(Param.class).value()) {
            var facts = Shared.sample(sample);
            subjects.put(sample, () -> Shared.SERVICE.decide(facts));
        }
        for (String model : List.of("severity", "escalation")) {
            DmnModel dmn = Shared.REGISTRY.current().required(model);
            Map<String, Object> context = Shared.contextBefore(model, ModelBenchmark.SAMPLE);
            subjects.put(model + " alone", () -> dmn.evaluate(context));
        }
        subjects.values().forEach(subject -> repeat(subject, warmup));
        for (int round = 1; round <= rounds; round++) {
            Map<String, long[]> costs = new LinkedHashMap<>();
            subjects.forEach((name, subject) -> {
                repeat(subject, measured / 4);
                costs.put(name, cost(subject, measured));
            });
            long[] severity = costs.get("severity alone");
            System.out.printf("%nround %d of %d, load average %s%n", round, rounds, loadAverage());
            System.out.printf("%-36s %12s %10s %12s %10s%n", "subject", "bytes", "x severity", "CPU ns", "x severity");
            costs.forEach((name, cost) -> System.out.printf("%-36s %,12d %9.2fx %,12d %9.2fx%n", name, cost[0],
                    (double) cost[0] / severity[0], cost[1], (double) cost[1] / severity[1]));
        }
    }

    /** Bytes allocated and CPU nanoseconds of this thread per call of {@code subject}, over {@code times} calls. */
    private static long[] cost(Supplier<Object> subject, int times) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        repeat(subject, times);
        return new long[] {(THREADS.getCurrentThreadAllocatedBytes() - bytes) / times, (THREADS.getCurrentThreadCpuTime() - cpu) / times};
    }

    private static void repeat(Supplier<Object> subject, int times) {
        for (int i = 0; i < times; i++) {
            if (subject.get() instanceof ModelResult result && !result.errors().isEmpty()) {
                throw new IllegalStateException(result.errors().toString());
            }
        }
    }

    /** Milliseconds of this thread's CPU and of wall time to compile each file of dmn/, in a first and a second pass. */
    private static void compileTimes() throws IOException {
        List<Path> files;
        try (var listing = Files.list(Path.of("dmn"))) {
            files = listing.filter(f -> f.toString().endsWith(".dmn")).sorted().toList();
        }
        for (int pass = 1; pass <= 2; pass++) {
            long totalCpu = 0;
            long totalWall = 0;
            List<String> each = new ArrayList<>();
            for (Path file : files) {
                byte[] content = Files.readAllBytes(file);
                long cpu = THREADS.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                DmnModel.compile(file.getFileName().toString(), content, 1);
                cpu = THREADS.getCurrentThreadCpuTime() - cpu;
                wall = System.nanoTime() - wall;
                totalCpu += cpu;
                totalWall += wall;
                each.add(String.format("%s %d/%d", file.getFileName().toString().replace(".dmn", ""), cpu / 1_000_000, wall / 1_000_000));
            }
            System.out.printf("compile pass %d (CPU/wall ms): total %d/%d; %s%n", pass, totalCpu / 1_000_000, totalWall / 1_000_000,
                    String.join(", ", each));
        }
        long wall = System.nanoTime();
        new ModelRegistry();
        System.out.printf("ModelRegistry (parallel, as at start-up), third compile: %d ms wall%n", (System.nanoTime() - wall) / 1_000_000);
    }

    /** Every sample's decision without its id and time, explanation included, one JSON object a sample. */
    private static void writeDecisions(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> decisions = new LinkedHashMap<>();
        List<Path> samples;
        try (var listing = Files.list(Path.of("samples"))) {
            samples = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        for (Path sample : samples) {
            Decision decision = Shared.SERVICE.decide(FactsParser.parse(Files.readAllBytes(sample)));
            decisions.put(sample.getFileName().toString(), new Decision(null, null, decision.incidentType(), decision.severity(),
                    decision.responseTimeMinutes(), decision.escalation(), decision.actions(), decision.checklist(),
                    decision.recovery(), decision.postmortem(), decision.explanation()));
        }
        // The runtime type check: a wrong input type is refused, not guessed.
        decisions.put("severity with errorRate 'very high'", Shared.REGISTRY.current().required("severity")
                .evaluate(Map.of("errorRate", "very high")).errors());
        json.writeValue(file.toFile(), decisions);
        System.out.printf("%d decisions written to %s%n", samples.size(), file);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).substring(0, 14);
        } catch (IOException e) {
            return "?";
        }
    }
}
