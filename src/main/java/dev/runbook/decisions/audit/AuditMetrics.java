package dev.runbook.decisions.audit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.runbook.decisions.store.StoreUnavailableException;

/**
 * The audit log's meters, declared here once: how long an append waits for its commit and how it ended, how long a
 * group-commit batch holds the chain head and whom it served, and what the last check of the chain found. The timers
 * publish fixed buckets, the same on every replica, so Prometheus can add them up across replicas.
 */
@ApplicationScoped
public class AuditMetrics {

    /** How an append ended for its caller. */
    public enum AppendOutcome {
        /** Written and committed. */
        COMMITTED,
        /** No writer took it within the group commit's max-wait: answered 503, nothing written. */
        TIMED_OUT,
        /** The store could not be reached or gave up on a lock: answered 503. */
        UNAVAILABLE,
        /** Any other failure, the caller's own or the store's. */
        FAILED;

        static AppendOutcome of(RuntimeException error) {
            if (error instanceof StoreUnavailableException) {
                return error.getCause() instanceof TimeoutException ? TIMED_OUT : UNAVAILABLE;
            }
            return FAILED;
        }
    }

    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Meter.MeterProvider<Timer> appends;
    private final Timer chainHeld;
    private final DistributionSummary batchCallers;
    private final AtomicReference<ChainCheck> lastCheck = new AtomicReference<>();

    /** What a check of the chain found, and when it finished. */
    record ChainCheck(boolean valid, long lastSeq, long finishedEpochSeconds) {
    }

    public AuditMetrics(MeterRegistry registry) {
        this.appends = Timer.builder("runbook.audit.append")
                .description("Time from queueing audit steps (a decision, an alert delivery) to their commit, by outcome "
                        + "(COMMITTED, TIMED_OUT at the group commit's max-wait, UNAVAILABLE, FAILED)")
                .serviceLevelObjectives(BUCKETS).withRegistry(registry);
        this.chainHeld = Timer.builder("runbook.audit.chain.held")
                .description("Time a group-commit batch holds the audit chain's head lock, from the lock to the commit")
                .serviceLevelObjectives(BUCKETS).register(registry);
        this.batchCallers = DistributionSummary.builder("runbook.audit.batch.callers")
                .description("Callers (decisions, deliveries) whose records one group-commit batch wrote")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry);
        Gauge.builder("runbook.audit.chain.valid", lastCheck, c -> c.get() == null ? Double.NaN : c.get().valid() ? 1 : 0)
                .description("1 when this replica's last check of the audit chain's newest records found them linked and "
                        + "unaltered up to the head, 0 when it found a broken link; absent (NaN) before the first check")
                .register(registry);
        Gauge.builder("runbook.audit.chain.checked.seq", lastCheck, c -> c.get() == null ? Double.NaN : c.get().lastSeq())
                .description("The sequence number up to which this replica's last check verified the audit chain")
                .register(registry);
        Gauge.builder("runbook.audit.chain.checked.time", lastCheck, c -> c.get() == null ? Double.NaN : c.get().finishedEpochSeconds())
                .description("When this replica last finished checking the audit chain, in seconds since the epoch")
                .baseUnit("seconds").register(registry);
    }

    void appended(long startNanos, AppendOutcome outcome) {
        appends.withTags("outcome", outcome.name()).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void batchWritten(long heldNanos, int callers) {
        chainHeld.record(heldNanos, TimeUnit.NANOSECONDS);
        batchCallers.record(callers);
    }

    void chainChecked(boolean valid, long lastSeq, long finishedEpochSeconds) {
        lastCheck.set(new ChainCheck(valid, lastSeq, finishedEpochSeconds));
    }
}
