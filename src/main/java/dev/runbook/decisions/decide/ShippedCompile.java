package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The compile of the files shipped in dmn/ and rules/, which a start cannot answer a decision without. The service's
 * main {@link #begin()}s it before Quarkus boots, on threads of its own, so it runs beside the boot (configuration,
 * the database's migration, the HTTP server) instead of after it: on two cores the start waits for the longer of the
 * two rather than their sum. {@link ModelRegistry} takes that compile, or compiles at once when none was begun
 * (tests and commands, which run no main of the service).
 */
public final class ShippedCompile {

    /** A compile begun by main and not yet taken: taken once, so a registry built later compiles its own models. */
    private static final AtomicReference<FutureTask<ShippedCompile>> BEGUN = new AtomicReference<>();

    private final Map<String, byte[]> files;
    private final ModelSet models;
    private final long compileMillis;

    private ShippedCompile(Map<String, byte[]> files, ModelSet models, long compileMillis) {
        this.files = files;
        this.models = models;
        this.compileMillis = compileMillis;
    }

    /**
     * Starts compiling in the background; a daemon thread, so a boot that fails still lets the process exit. Not on
     * one core: nothing can run beside the boot there, and the threads would only take turns with it.
     */
    public static void begin() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        FutureTask<ShippedCompile> compile = new FutureTask<>(ShippedCompile::compile);
        if (BEGUN.compareAndSet(null, compile)) {
            Thread thread = new Thread(compile, "shipped-models");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The compile {@link #begin()} started, waited for, or a compile now; a failure is the compiler's own. */
    static ShippedCompile take() {
        FutureTask<ShippedCompile> begun = BEGUN.getAndSet(null);
        return begun == null ? compile() : result(begun);
    }

    /** The files of dmn/ by file name. */
    Map<String, byte[]> files() {
        return files;
    }

    ModelSet models() {
        return models;
    }

    /** How long the compile itself took, wherever it ran. */
    long compileMillis() {
        return compileMillis;
    }

    private static ShippedCompile compile() {
        long start = System.nanoTime();
        Map<String, byte[]> files = ClasspathFolder.read("dmn", ".dmn");
        // Every DMN file compiles on its own, on as many threads as cores: the compile takes about the longest file
        // instead of the sum of all of them. The rules were compiled with the jar: loading them is short.
        ExecutorService compilers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "shipped-models-compiler");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<RemediationRules> rules = compilers.submit(RemediationRules::fromClasspath);
            List<Future<DmnModel>> dmn = files.entrySet().stream()
                    .map(f -> compilers.submit(() -> DmnModel.compile(f.getKey(), f.getValue(), 1))).toList();
            List<DmnModel> shipped = new ArrayList<>();
            for (Future<DmnModel> model : dmn) {
                shipped.add(result(model));
            }
            ModelSet models = ModelSet.of(shipped, result(rules));
            return new ShippedCompile(files, models, (System.nanoTime() - start) / 1_000_000);
        } finally {
            compilers.shutdownNow();
        }
    }

    /** The result, or the compiler's own failure (which names the file) as thrown by a sequential compile. */
    private static <T> T result(Future<T> compile) {
        try {
            return compile.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the models", e);
        }
    }
}
