package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.Optional;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.audit.IncidentState;
import dev.runbook.decisions.decide.ImprovementModel;
import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.StepStatus;
import dev.runbook.decisions.store.StepRow;

/**
 * Fires the incidents' timed escalation steps that are due. A step's condition is checked when it is claimed:
 * NO_RESPONSE only while nobody has acknowledged, NOT_RESOLVED until resolution, NOT_IMPROVING unless the latest
 * evaluation shows the incident improving (dmn/improvement.dmn), ALWAYS always.
 * <p>
 * A replica claims one step at a time, just before sending it: it never holds a step it is not sending. So a replica
 * that stops ({@link #stop()}) leaves every step it did not send SCHEDULED for the others, and one that dies leaves at
 * most the one it was sending, which the {@link Reconciler} marks UNKNOWN (it may have gone out; it is not sent twice).
 */
@ApplicationScoped
public class Escalations {

    private final EscalationLedger ledger;
    private final NotificationActions notifications;
    private final ImprovementModel improvement;
    private final ObjectMapper json;
    private volatile boolean stopped;

    public Escalations(EscalationLedger ledger, NotificationActions notifications, ImprovementModel improvement,
                       ObjectMapper json) {
        this.ledger = ledger;
        this.notifications = notifications;
        this.improvement = improvement;
        this.json = json;
    }

    /** Fires every step due at {@code now}, until none is left or {@link #stop()}; answers how many fired (or failed to). */
    public int fireDue(Instant now) {
        int fired = 0;
        while (!stopped) {
            Optional<EscalationLedger.DueStep> due = ledger.claimNext(now, this::skipReason);
            if (due.isEmpty()) {
                return fired;
            }
            fire(due.get().step(), due.get().incident());
            fired++;
        }
        return fired;
    }

    /** No further step is claimed on this replica; the one being sent, if any, is still sent and recorded. */
    public void stop() {
        stopped = true;
    }

    private String skipReason(StepRow step, IncidentState incident, JsonNode latest, JsonNode previous) {
        if (incident.status() == IncidentStatus.RESOLVED) {
            return "the incident is resolved";
        }
        return switch (step.condition()) {
            case "NO_RESPONSE" -> incident.status() == IncidentStatus.OPEN ? null : "the incident was acknowledged";
            case "NOT_IMPROVING" -> {
                ImprovementModel.Judgement verdict = improvement.judge(previous, latest);
                yield verdict.improving() ? "improving: " + verdict.why() : null;
            }
            default -> null;
        };
    }

    private void fire(StepRow step, IncidentState incident) {
        String text = "[" + incident.severity() + "] " + incident.incidentType() + " on " + incident.namespace() + "/"
                + incident.service() + " is " + incident.status().name().toLowerCase(Locale.ROOT) + ": escalating to "
                + step.role() + " (" + step.condition() + ", step due " + step.dueAt() + "). Incident " + incident.id();
        ActionExecutor.Outcome outcome = notifications.send(new Notification(step.channel(), incident.id(), step.role(),
                step.contact(), text, new ActionRequest.IncidentContext(incident.service(), incident.severity(),
                incident.incidentType(), text)), false);
        ledger.finish(step, outcome.succeeded() ? StepStatus.FIRED : StepStatus.FAILED, outcome.recorded(json));
    }
}
