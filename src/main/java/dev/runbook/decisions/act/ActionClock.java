package dev.runbook.decisions.act;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * The one timer: fires due escalation steps, lapses approvals, settles interrupted actions. Every replica ticks;
 * the store's row claims make each step and each lapse happen once. Tests turn it off and call the parts with the
 * time they choose.
 */
@ApplicationScoped
public class ActionClock {

    private static final Logger LOG = Logger.getLogger(ActionClock.class);

    private final Escalations escalations;
    private final Approvals approvals;
    private final Reconciler reconciler;

    public ActionClock(Escalations escalations, Approvals approvals, Reconciler reconciler) {
        this.escalations = escalations;
        this.approvals = approvals;
        this.reconciler = reconciler;
    }

    @Scheduled(every = "${runbook.act.tick-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Instant now = Instant.now();
        try {
            escalations.fireDue(now);
            approvals.expireDue(now);
            reconciler.reconcile(now);
        } catch (RuntimeException e) {
            LOG.warnf("Escalation tick failed (%s); the next tick retries", e.getMessage());
        }
    }
}
