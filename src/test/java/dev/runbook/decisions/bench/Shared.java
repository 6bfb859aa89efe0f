package dev.runbook.decisions.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;

import dev.runbook.decisions.decide.DecisionService;
import dev.runbook.decisions.decide.DmnModel;
import dev.runbook.decisions.decide.Incident;
import dev.runbook.decisions.decide.ModelContract;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.Thresholds;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * What the benchmarks share, built once per JVM: compiling the registry takes seconds and must not be measured, nor
 * repeated for every parameter of a smoke run.
 */
final class Shared {

    static {
        // Outside Quarkus the log context keeps its boot configuration, root level ALL, until Quarkus would configure
        // it: the engines then format every TRACE message they check, which measured 5–10× the allocation of a
        // decision. The service logs at INFO (application.properties); so do the benchmarks.
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
    }

    static final ModelRegistry REGISTRY = new ModelRegistry();
    static final DecisionService SERVICE = new DecisionService(REGISTRY);

    private Shared() {
    }

    static IncidentFacts sample(String name) {
        try {
            return FactsParser.parse(Files.readAllBytes(Path.of("samples", name + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The context each model sees in a real decision of {@code sample}: the facts plus every earlier model's results. */
    static Map<String, Object> contextBefore(String model, String sample) {
        Map<String, Object> context = new HashMap<>(sample(sample).values());
        for (String earlier : REGISTRY.current().factModels().names()) {
            if (earlier.equals(model)) {
                break;
            }
            context.putAll(REGISTRY.current().required(earlier).evaluate(context).decisions());
        }
        return context;
    }

    static Incident incident(String sample) {
        return ModelContract.incident(contextBefore("none", sample));
    }

    static Thresholds thresholds(String sample) {
        return ModelContract.REMEDIATION_THRESHOLDS.from(contextBefore("none", sample));
    }

    static byte[] file(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DmnModel compile(String name, byte[] content) {
        return DmnModel.compile(name, content, 1);
    }
}
