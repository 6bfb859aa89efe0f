package dev.runbook.decisions.act;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Counts the escalation steps that are overdue (due longer than {@code runbook.act.overdue-after} ago and not fired)
 * for {@code runbook_escalation_steps_overdue}. On its own timer, apart from {@link ActionClock}: a clock that is stuck
 * (a notification hanging, every tick failing) is exactly what the count must still show.
 */
@ApplicationScoped
public class EscalationWatch {

    private static final Logger LOG = Logger.getLogger(EscalationWatch.class);

    private final EscalationLedger ledger;
    private final ActMetrics metrics;
    private final Duration overdueAfter;

    public EscalationWatch(EscalationLedger ledger, ActMetrics metrics, ActConfig config) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.overdueAfter = config.overdueAfter();
    }

    @Scheduled(every = "${runbook.act.overdue-check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            count(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Could not count the overdue escalation steps (the next check retries): %s", e.getMessage());
        }
    }

    /** Counts the steps overdue at {@code now} and publishes the count; answers it. */
    public long count(Instant now) {
        long overdue = ledger.overdue(now.minus(overdueAfter));
        metrics.overdueSteps(overdue);
        return overdue;
    }
}
