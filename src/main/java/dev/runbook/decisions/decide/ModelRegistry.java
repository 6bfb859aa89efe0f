package dev.runbook.decisions.decide;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * The models decisions are taken with: one {@link ModelSet}, swapped whole when a version is published. It starts as
 * the files shipped in dmn/ and rules/ (version 1 of each), so a service without a store still decides; the store's
 * published versions replace them at start-up and on every publish. A decision takes {@link #current()} once.
 */
@Startup
@Singleton
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, byte[]> shippedFiles;
    private final AtomicReference<ModelSet> current;

    public ModelRegistry() {
        long start = System.nanoTime();
        ShippedCompile shipped = ShippedCompile.take();
        shippedFiles = shipped.files();
        current = new AtomicReference<>(shipped.models());
        LOG.infof("Compiled %d DMN models and loaded the rules of %d DRL files in %d ms (the start waited %d ms for them)",
                shippedFiles.size(), current.get().rules().files().size(), shipped.compileMillis(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The set every decision starting now uses, whole. */
    public ModelSet current() {
        return current.get();
    }

    /** The DMN files shipped in the jar's dmn/, by model name: version 1 of each model, or a newer deployed file. */
    public Map<String, byte[]> shippedDmn() {
        Map<String, byte[]> byName = new TreeMap<>();
        shippedFiles.forEach((file, content) -> byName.put(file.substring(0, file.length() - ".dmn".length()), content));
        return byName;
    }

    /** Makes {@code models} the set of every decision from now on; decisions in flight finish with the set they took. */
    public void install(ModelSet models) {
        current.set(models);
    }
}
