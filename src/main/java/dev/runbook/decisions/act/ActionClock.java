package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;

/**
 * The one timer: fires due escalation steps, lapses approvals, settles interrupted actions. Every replica ticks;
 * the store's row claims make each step and each lapse happen once. Tests turn it off and call the parts with the
 * time they choose.
 * <p>
 * On shutdown (after the HTTP server has answered its in-flight requests) no job starts again on this replica, no
 * further escalation step is claimed, and the tick under way, if any, finishes sending and recording its step before
 * the store closes.
 */
@ApplicationScoped
public class ActionClock {

    private static final Logger LOG = Logger.getLogger(ActionClock.class);

    private final Escalations escalations;
    private final Approvals approvals;
    private final Reconciler reconciler;
    private final Scheduler scheduler;
    private final ActConfig config;
    /** Held while a tick runs, so that shutdown can wait for it. */
    private final ReentrantLock ticking = new ReentrantLock();
    private volatile boolean stopped;

    public ActionClock(Escalations escalations, Approvals approvals, Reconciler reconciler, Scheduler scheduler,
                       ActConfig config) {
        this.escalations = escalations;
        this.approvals = approvals;
        this.reconciler = reconciler;
        this.scheduler = scheduler;
        this.config = config;
    }

    @Scheduled(every = "${runbook.act.tick-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        ticking.lock();
        try {
            if (stopped) {
                return;
            }
            Instant now = Instant.now();
            escalations.fireDue(now);
            approvals.expireDue(now);
            reconciler.reconcile(now);
        } catch (RuntimeException e) {
            LOG.warnf("Escalation tick failed (%s); the next tick retries", e.getMessage());
        } finally {
            ticking.unlock();
        }
    }

    /** Early among the shutdown observers: the tick needs the store, which closes after them. */
    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        scheduler.pause();
        escalations.stop();
        stopped = true;
        if (ticking.tryLock(config.shutdownTickWait().toMillis(), TimeUnit.MILLISECONDS)) {
            ticking.unlock();
            LOG.info("Scheduled jobs stopped; no escalation step is claimed by this replica");
        } else {
            LOG.warnf("The escalation tick did not finish within %s; its step, if any, is settled UNKNOWN by another replica",
                    config.shutdownTickWait());
        }
    }
}
