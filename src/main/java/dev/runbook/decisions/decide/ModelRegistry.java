package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * Every model of the runbook, compiled once at start-up: the DMN files of dmn/ by name (file name without
 * extension) and the DRL files of rules/ as one knowledge base. Requests only evaluate what is here. The DMN models
 * are held to {@link ModelContract} before anything is served: checked, then evaluated once on default facts.
 */
@Startup
@Singleton
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, DmnModel> dmnModels = new TreeMap<>();
    private final FactModels factModels;
    private final RemediationRules rules;
    private final List<ModelRef> modelRefs;

    public ModelRegistry() {
        long start = System.nanoTime();
        ClasspathFolder.read("dmn", ".dmn").forEach((file, content) -> {
            DmnModel model = DmnModel.compile(file, content, 1);
            dmnModels.put(model.name(), model);
        });
        factModels = ModelContract.check(dmnModels);
        long dmnDone = System.nanoTime();
        rules = RemediationRules.fromClasspath();
        List<ModelRef> refs = new ArrayList<>();
        dmnModels.values().forEach(m -> refs.add(new ModelRef("dmn/" + m.name() + ".dmn", "DMN", m.version(), m.contentHash())));
        rules.files().forEach(f -> refs.add(new ModelRef("rules/" + f.name(), "DRL", 1, f.contentHash())));
        modelRefs = List.copyOf(refs);
        LOG.infof("Compiled %d DMN models in %d ms and %d DRL files in %d ms", dmnModels.size(),
                (dmnDone - start) / 1_000_000, rules.files().size(), (System.nanoTime() - dmnDone) / 1_000_000);
    }

    public Optional<DmnModel> dmn(String name) {
        return Optional.ofNullable(dmnModels.get(name));
    }

    /** The model a decision step cannot do without; its absence is a packaging error, not a request error. */
    public DmnModel required(String name) {
        return dmn(name).orElseThrow(() -> new IllegalStateException("dmn/" + name + ".dmn is not loaded"));
    }

    /** The models deciding on incident facts, in the order they run. */
    public FactModels factModels() {
        return factModels;
    }

    public List<DmnModel> dmnModels() {
        return List.copyOf(dmnModels.values());
    }

    /** Name, kind, version and content hash of every model a decision uses, for its audit record. */
    public List<ModelRef> modelRefs() {
        return modelRefs;
    }

    public record ModelRef(String source, String kind, int version, String contentHash) {
    }

    public RemediationRules rules() {
        return rules;
    }
}
