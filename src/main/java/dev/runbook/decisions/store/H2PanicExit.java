package dev.runbook.decisions.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Ends the process when H2 has closed its store after a fatal error, so that what supervises it (Kubernetes, systemd)
 * starts it again. H2 closes its store for good when a write to the file fails, an {@code OutOfMemoryError} included:
 * every request then answers 503, {@code /q/health/live} still says UP, and (seen on 2026-12-07) a thread is left
 * spinning on a core in H2's {@code MVStore.registerVersionUsage}, which also keeps a SIGTERM's shutdown from ever
 * finishing. The JVM's {@code -XX:+ExitOnOutOfMemoryError} does not cover the case seen, "Cannot reserve ... bytes of
 * direct buffer memory": the JDK's code throws that one, not the JVM.
 * <p>
 * It halts rather than exits, since the shutdown would wait on that thread. Nothing answered is lost: every answered
 * decision was committed first, as after {@code kill -9}. The check runs once a second on a thread of its own, not on
 * the worker pool, which requests stuck on the store may hold. PostgreSQL needs none of this.
 */
@ApplicationScoped
public class H2PanicExit {

    /** The status the JVM itself exits with on an OutOfMemoryError under -XX:+ExitOnOutOfMemoryError. */
    static final int STATUS = 3;
    private static final Logger LOG = Logger.getLogger(H2PanicExit.class);

    private final Store store;
    private final IntConsumer halt;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "h2-panic-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile MVStore mvStore;

    @Inject
    public H2PanicExit(Store store) {
        this(store, Runtime.getRuntime()::halt);
    }

    H2PanicExit(Store store, IntConsumer halt) {
        this.store = store;
        this.halt = halt;
    }

    void onStart(@Observes StartupEvent start) {
        if ("h2".equals(store.kind())) {
            watch(store.inTransaction(H2MvStore::of));
        }
    }

    void watch(MVStore opened) {
        mvStore = opened;
        watch.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** A store closed by the shutdown is not a fault. */
    void onStop(@Observes ShutdownEvent stop) {
        watch.shutdownNow();
    }

    /** Halts the process if H2 has given up on the store while the service runs. */
    private void check() {
        MVStore watched = mvStore;
        if (watched != null && !watch.isShutdown() && (watched.getPanicException() != null || watched.isClosed())) {
            LOG.fatalf(watched.getPanicException(), "H2 closed its store on an error it cannot recover from: halting with"
                    + " status %d so that the process is started again (nothing answered is lost)", STATUS);
            halt.accept(STATUS);
        }
    }
}
