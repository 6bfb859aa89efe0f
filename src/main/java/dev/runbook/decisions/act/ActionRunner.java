package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionState;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.Hashing;
import dev.runbook.decisions.domain.Mode;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.domain.Verdict;
import dev.runbook.decisions.store.ActionRow;

/**
 * Carries out a decision's plan in its mode, in plan order. Manual actions are never run. Each automatable action
 * passes the guards, is recorded (claiming its idempotency key) before it runs, and has its outcome recorded after.
 * When a HIGH risk action waits for approval, the later Kubernetes actions on the same target are HELD behind it so
 * the plan's order is kept (OOM: scale to 1, then to 3).
 */
@ApplicationScoped
public class ActionRunner {

    private final List<ActionExecutor> executors;
    private final ActionGuards guards;
    private final ActionLedger ledger;
    private final ObjectMapper json;

    public ActionRunner(Instance<ActionExecutor> executors, ActionGuards guards, ActionLedger ledger, ObjectMapper json) {
        this.executors = executors.stream().toList();
        this.guards = guards;
        this.ledger = ledger;
        this.json = json;
    }

    public List<ActionRun> run(PlanRun plan) {
        Instant requestedAt = Instant.now();
        ActionRun[] runs = new ActionRun[plan.actions().size()];
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < runs.length; i++) {
            Action action = plan.actions().get(i);
            if (!action.automatable()) {
                runs[i] = ActionRun.manual(i, action);
                continue;
            }
            prepared.add(prepare(new ActionRequest(plan.incidentId(), plan.decisionId(), i, action, plan.incident(),
                    requestedAt), plan.mode(), plan.caller()));
        }
        List<ActionLedger.Claim> claims = plan.mode() == Mode.DRY_RUN ? dryRun(prepared) : execute(prepared);
        for (int i = 0; i < claims.size(); i++) {
            int index = prepared.get(i).request().planIndex();
            runs[index] = ActionRun.of(index, claims.get(i).row(), claims.get(i).duplicate());
        }
        return List.of(runs);
    }

    /**
     * The checks and reads done before recording: the request guards, the target's inspection, the selector. A
     * {@code verdict} here is final (refused or failed); null means the recording transaction decides.
     */
    private Prepared prepare(ActionRequest request, Mode mode, String caller) {
        String key = mode == Mode.EXECUTE ? key(request) : null;
        Verdict refused = guards.check(request);
        if (refused != null) {
            return new Prepared(request, draft(request, mode, caller, null, key), refused);
        }
        try {
            ActionExecutor.Inspection inspection = executor(request).inspect(request);
            Verdict selector = ActionGuards.changesCluster(request) ? guards.selector(request, inspection.labels()) : null;
            return new Prepared(request, draft(request, mode, caller, inspection, key), selector);
        } catch (ActionFailedException e) {
            return new Prepared(request, draft(request, mode, caller, null, key), Verdict.finished(ActionStatus.FAILED, e.getMessage(), null, null));
        }
    }

    /** Dry run: each action asks the server what it would do; nothing is claimed, nothing is sent. */
    private List<ActionLedger.Claim> dryRun(List<Prepared> prepared) {
        List<ActionLedger.Claim> claims = new ArrayList<>();
        for (Prepared action : prepared) {
            Verdict verdict = action.verdict() != null ? action.verdict() : dryRunVerdict(action.request());
            claims.add(ledger.admit(action.draft(), history -> verdict));
        }
        return claims;
    }

    private Verdict dryRunVerdict(ActionRequest request) {
        ActionExecutor.Outcome outcome = executor(request).run(request, true);
        String note = request.risk() == Risk.HIGH ? " (HIGH risk: needs approval in execute mode)" : "";
        return Verdict.finished(outcome.succeeded() ? ActionStatus.DRY_RUN : ActionStatus.FAILED, outcome.message() + note, tree(outcome.after()), null);
    }

    /**
     * Execute: the whole plan is recorded in one transaction (intents written ahead, keys claimed, guards applied,
     * later actions on a target held behind an approval), then each started action runs in plan order.
     */
    private List<ActionLedger.Claim> execute(List<Prepared> prepared) {
        Map<String, String> awaitingByTarget = new HashMap<>();
        List<ActionLedger.Claim> claims = new ArrayList<>(ledger.admitAll(prepared.stream().map(Prepared::draft).toList(),
                (index, history) -> {
                    Prepared action = prepared.get(index);
                    Verdict verdict = action.verdict() != null ? action.verdict() : admission(action, history, awaitingByTarget);
                    if (verdict.status() == ActionStatus.AWAITING_APPROVAL) {
                        awaitingByTarget.putIfAbsent(action.request().target(), action.draft().id());
                    }
                    return verdict;
                }));
        for (int i = 0; i < claims.size(); i++) {
            ActionLedger.Claim claim = claims.get(i);
            if (!claim.duplicate()) {
                claims.set(i, new ActionLedger.Claim(runIfStarted(claim.row(), prepared.get(i).request()), false));
            }
        }
        return claims;
    }

    private Verdict admission(Prepared action, ActionHistory history, Map<String, String> awaitingByTarget) {
        ActionRequest request = action.request();
        if (!ActionGuards.changesCluster(request)) {
            return Verdict.of(ActionStatus.STARTED, "intent recorded; sending");
        }
        String awaited = awaitingByTarget.get(request.target());
        return awaited != null ? Verdict.heldBehind(awaited) : guards.admit(request, history, false);
    }

    private record Prepared(ActionRequest request, ActionRow draft, Verdict verdict) {
    }

    /** Runs an action whose intent was just recorded (STARTED) and records its outcome; any other row is answered as is. */
    ActionRow runIfStarted(ActionRow row, ActionRequest request) {
        if (row.status() != ActionStatus.STARTED) {
            return row;
        }
        ActionExecutor.Outcome outcome = executor(request).run(request, false);
        return ledger.move(row.incidentId(), row.id(), ActionStatus.STARTED, history -> Verdict.finished(
                outcome.succeeded() ? ActionStatus.SUCCEEDED : ActionStatus.FAILED, outcome.message(), tree(outcome.after()),
                outcome.attempts().isEmpty() ? null : tree(outcome.attempts())), null, null);
    }

    /** The request a recorded action was made from; Kubernetes actions need no incident context. */
    ActionRequest requestOf(ActionRow row) {
        return new ActionRequest(row.incidentId(), row.decisionId(), row.planIndex(), row.action(), null,
                row.state().createdAt());
    }

    ActionExecutor executor(ActionRequest request) {
        return executors.stream().filter(e -> e.handles(request.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no executor for " + request.type()));
    }

    /** One action of one incident: the same type, target and parameters, whichever decision proposes it. */
    private String key(ActionRequest request) {
        return request.incidentId() + "/" + Hashing.sha256(request.type() + "|" + request.action().target().kind() + "|"
                + request.target() + "|" + tree(request.params()));
    }

    private ActionRow draft(ActionRequest request, Mode mode, String caller, ActionExecutor.Inspection inspection,
                            String key) {
        return new ActionRow(UUID.randomUUID().toString(), key, request.incidentId(), request.decisionId(),
                request.planIndex(), request.action(), mode, ActionState.unrecorded(
                        inspection == null ? null : tree(inspection.before()),
                        inspection == null ? null : tree(inspection.expected()), caller));
    }

    JsonNode tree(Object value) {
        return value == null ? null : json.valueToTree(value);
    }
}
