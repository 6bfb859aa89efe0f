package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.StartupEvent;

import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.StepStatus;
import dev.runbook.decisions.domain.Verdict;
import dev.runbook.decisions.store.ActionRow;
import dev.runbook.decisions.store.StepRow;

/**
 * Settles what a crash interrupted. An action whose intent was recorded but whose outcome never was becomes UNKNOWN,
 * then is settled by reading its target: SUCCEEDED if the target shows the expected state, FAILED if not. It is never
 * run again. A sent message cannot be read back, so it stays UNKNOWN; so does an escalation step claimed by a replica
 * that died while sending it.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final ActionLedger actions;
    private final EscalationLedger escalations;
    private final ActionRunner runner;
    private final ActConfig config;
    private final ObjectMapper json;

    public Reconciler(ActionLedger actions, EscalationLedger escalations, ActionRunner runner,
                      ActConfig config, ObjectMapper json) {
        this.actions = actions;
        this.escalations = escalations;
        this.runner = runner;
        this.config = config;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            int settled = reconcile(Instant.now());
            if (settled > 0) {
                LOG.infof("Reconciled %d interrupted actions and escalation steps", settled);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Reconciliation at start-up failed (%s); the next tick retries", e.getMessage());
        }
    }

    /** Settles intents older than the configured age at {@code now}; answers how many it settled. */
    public int reconcile(Instant now) {
        Instant cutoff = now.minus(config.reconcileAfter());
        int settled = 0;
        for (ActionRow started : actions.inStatusBefore(ActionStatus.STARTED, "started_at", cutoff)) {
            settle(actions.move(started.incidentId(), started.id(), ActionStatus.STARTED, history -> Verdict.of(ActionStatus.UNKNOWN,
                    "the outcome was never recorded: the process stopped while the action ran"), null, null));
            settled++;
        }
        for (StepRow step : escalations.firingBefore(cutoff)) {
            escalations.finish(step, StepStatus.UNKNOWN, json.createObjectNode()
                    .put("message", "claimed but never recorded: the replica stopped while sending; not sent again"));
            settled++;
        }
        return settled;
    }

    private void settle(ActionRow unknown) {
        ActionRequest request = runner.requestOf(unknown);
        Map<String, Object> observed;
        try {
            observed = runner.executor(request).observe(request);
        } catch (KubernetesClientException e) {
            LOG.warnf("Action %s stays UNKNOWN: %s", unknown.id(), KubernetesActions.apiMessage(e));
            return;
        }
        if (observed == null) {
            return;
        }
        JsonNode seen = json.valueToTree(observed);
        JsonNode expected = unknown.state().expected();
        boolean applied = expected != null && matches(expected, seen);
        actions.move(unknown.incidentId(), unknown.id(), ActionStatus.UNKNOWN, history -> Verdict.finished(
                applied ? ActionStatus.SUCCEEDED : ActionStatus.FAILED, applied ? "reconciled: the target shows the change, so it was applied"
                        : "reconciled: the change is not on the target; not run again", seen, null), null, null);
    }

    private static boolean matches(JsonNode expected, JsonNode observed) {
        var names = expected.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!Objects.equals(expected.get(name), observed.get(name))) {
                return false;
            }
        }
        return true;
    }
}
