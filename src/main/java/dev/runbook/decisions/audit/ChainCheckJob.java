package dev.runbook.decisions.audit;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Checks the audit chain as it grows, for the {@code runbook_audit_chain_valid} gauge operators alert on. The first
 * check on a replica verifies the newest {@code runbook.audit.verify-tail} records up to the head; every later one
 * goes on from the last record it verified, so each record is checked once per replica at the cost of reading only
 * what was appended since: its cost does not grow with the log, as a full walk's ({@code GET /api/v1/audit/verify})
 * does. Neither takes the chain's head lock. A broken chain stays reported until a check finds it sound again.
 */
@ApplicationScoped
public class ChainCheckJob {

    private static final Logger LOG = Logger.getLogger(ChainCheckJob.class);

    private final ChainVerifier verifier;
    private final AuditMetrics metrics;
    private final long tail;
    /** The newest record a check found sound, to go on from; 0 before the first sound check. */
    private long verifiedThrough;

    public ChainCheckJob(ChainVerifier verifier, AuditMetrics metrics,
                         @ConfigProperty(name = "runbook.audit.verify-tail") long tail) {
        if (tail < 1) {
            throw new IllegalStateException("runbook.audit.verify-tail must be 1 or more");
        }
        this.verifier = verifier;
        this.metrics = metrics;
        this.tail = tail;
    }

    @Scheduled(every = "${runbook.audit.verify-every}", delay = 10, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("Could not check the audit chain (the next check retries): %s", e.getMessage());
        }
    }

    /** Checks the records appended since the last sound check (the tail, at first) and publishes what it found. */
    public synchronized ChainVerification check() {
        long from = verifiedThrough > 0 ? verifiedThrough : Math.max(0, verifier.headSeq() - tail + 1);
        ChainVerification found = verifier.verifyFrom(from);
        if (found.valid()) {
            verifiedThrough = found.lastSeq() == null ? 0 : found.lastSeq();
        } else {
            LOG.errorf("The audit chain does not verify at record %d: %s", found.brokenAt().seq(), found.brokenAt().problem());
        }
        metrics.chainChecked(found.valid(), found.valid() ? verifiedThrough : found.brokenAt().seq(), Instant.now().getEpochSecond());
        return found;
    }
}
