package dev.runbook.decisions.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Purges audit records older than {@code runbook.audit.retention-days} (unset: keep forever). The purge is itself
 * an audit record. Several replicas may run it at once: the chain lock serialises them and the later finds nothing.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final AuditLog log;
    private final Optional<Integer> retentionDays;

    public RetentionJob(AuditLog log, @ConfigProperty(name = "runbook.audit.retention-days") Optional<Integer> retentionDays) {
        if (retentionDays.isPresent() && retentionDays.get() < 1) {
            throw new IllegalStateException("runbook.audit.retention-days must be 1 or more; leave it unset to keep records forever");
        }
        this.log = log;
        this.retentionDays = retentionDays;
    }

    @Scheduled(every = "${runbook.audit.purge-every:1h}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        retentionDays.ifPresent(days -> {
            long purged = log.purgeOlderThan(Instant.now().minus(Duration.ofDays(days)), "retention-job");
            if (purged > 0) {
                LOG.infof("Purged %d audit records older than %d days", purged, days);
            }
        });
    }
}
