package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        shippedFiles = ClasspathFolder.read("dmn", ".dmn");
        // Every DMN file compiles on its own, on as many threads as cores: the start waits for about the longest
        // compile instead of the sum of all of them. The rules were compiled with the jar: loading them is short.
        ExecutorService compilers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            Future<RemediationRules> rules = compilers.submit(RemediationRules::fromClasspath);
            List<Future<DmnModel>> dmn = shippedFiles.entrySet().stream()
                    .map(f -> compilers.submit(() -> DmnModel.compile(f.getKey(), f.getValue(), 1))).toList();
            List<DmnModel> shipped = new ArrayList<>();
            for (Future<DmnModel> model : dmn) {
                shipped.add(result(model));
            }
            current = new AtomicReference<>(ModelSet.of(shipped, result(rules)));
        } finally {
            compilers.shutdownNow();
        }
        LOG.infof("Compiled %d DMN models and loaded the rules of %d DRL files in %d ms", shippedFiles.size(), current.get().rules().files().size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The compiled model, or the compiler's own failure (which names the file) as thrown by a sequential compile. */
    private static <T> T result(Future<T> compile) {
        try {
            return compile.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the models", e);
        }
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
