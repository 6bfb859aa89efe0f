package dev.runbook.decisions.act;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.StepStatus;
import dev.runbook.decisions.store.ActionRow;
import dev.runbook.decisions.store.ShadowRows;
import dev.runbook.decisions.store.StepRow;
import dev.runbook.decisions.store.StoppedSteps;

/**
 * The meters of carrying plans out (actions, guards, escalation steps, shadows), declared here once with their name,
 * help text and tag names; the ledgers call the method named for the event where it happens. Prometheus shows each
 * counter with a {@code _total} suffix and dots as underscores: {@code runbook_actions_total{type,status,mode}}. The
 * other packages' meters are in {@code flow/FlowMetrics} and {@code audit/AuditMetrics}.
 */
@ApplicationScoped
public class ActMetrics {

    private final Meter.MeterProvider<Counter> actions;
    private final Meter.MeterProvider<Counter> guardRefusals;
    private final Meter.MeterProvider<Counter> escalationSteps;
    /** Due-but-unfired steps as last counted, cluster-wide (every replica counts the same table). */
    private final AtomicLong overdueSteps = new AtomicLong();
    private final Meter.MeterProvider<Timer> shadowEvaluations;
    private final Counter shadowDropped;

    public ActMetrics(MeterRegistry registry) {
        this.actions = Counter.builder("runbook.actions")
                .description("Action status changes recorded in the ledger, by action type, new status and mode")
                .withRegistry(registry);
        this.guardRefusals = Counter.builder("runbook.guard.refusals")
                .description("Actions a guard refused, by guard (namespace-allowlist, cooldown, budget, ...) and mode")
                .withRegistry(registry);
        this.escalationSteps = Counter.builder("runbook.escalation.steps")
                .description("Escalation steps finished (FIRED, FAILED, UNKNOWN) or stopped before firing (CANCELLED, "
                        + "REPLACED), by channel and role")
                .withRegistry(registry);
        Gauge.builder("runbook.escalation.steps.overdue", overdueSteps, AtomicLong::get)
                .description("Escalation steps of the whole cluster due for longer than runbook.act.overdue-after and not "
                        + "fired yet (still scheduled, or claimed without an outcome), as this replica last counted them")
                .register(registry);
        this.shadowEvaluations = Timer.builder("runbook.shadow.evaluations")
                .description("Decisions evaluated again with a shadowed model version, by model and outcome (SAME, DIFFERING, FAILED)")
                .withRegistry(registry);
        this.shadowDropped = Counter.builder("runbook.shadow.dropped")
                .description("Decisions left out of the running shadows because the shadow queue was full")
                .register(registry);
    }

    /** An action's status was recorded, with its audit record; a refusal also counts against its guard. */
    public void actionRecorded(ActionRow row) {
        actions.withTags("type", row.action().type().name(), "status", row.status().name(), "mode", row.mode().name()).increment();
        if (row.status() == ActionStatus.REFUSED && row.state().guard() != null) {
            // The guard's name as recorded: always a Guard's label, since only ActionGuards refuses.
            guardRefusals.withTags("guard", row.state().guard(), "mode", row.mode().name()).increment();
        }
    }

    /** A claimed escalation step's outcome was recorded. */
    public void escalationStepFinished(StepRow step, StepStatus status) {
        escalationSteps.withTags("channel", step.channel(), "role", step.role(), "status", status.name()).increment();
    }

    /** Steps an acknowledgement, a resolution or a new plan stopped, once their transaction committed. */
    void escalationStepsStopped(@Observes StoppedSteps stopped) {
        stopped.steps().forEach(step -> escalationSteps.withTags("channel", step.channel(), "role", step.role(),
                "status", stopped.status().name()).increment());
    }

    /** How many steps are overdue now. */
    void overdueSteps(long count) {
        overdueSteps.set(count);
    }

    /** A decision was evaluated with a shadowed version, in {@code nanos}. */
    public void shadowEvaluated(String model, ShadowRows.Evaluation outcome, long nanos) {
        shadowEvaluations.withTags("model", model, "outcome", outcome.name()).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A decision's shadow evaluations were dropped: the queue was full. */
    public void shadowDropped() {
        shadowDropped.increment();
    }
}
