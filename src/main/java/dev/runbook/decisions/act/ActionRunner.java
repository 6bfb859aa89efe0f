package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.audit.ActionLedger;
import dev.runbook.decisions.audit.ActionRow;
import dev.runbook.decisions.audit.Hashing;
import dev.runbook.decisions.audit.Verdict;

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
        List<ActionRun> runs = new ArrayList<>();
        Map<String, String> awaitingByTarget = new HashMap<>();
        Instant requestedAt = Instant.now();
        for (int i = 0; i < plan.actions().size(); i++) {
            PlannedAction action = plan.actions().get(i);
            if (!action.automatable()) {
                runs.add(ActionRun.manual(i, action));
                continue;
            }
            ActionRequest request = new ActionRequest(plan.incidentId(), plan.decisionId(), i, action.type(),
                    action.targetKind(), action.namespace(), action.name(), action.params(), action.risk(), plan.incident(),
                    requestedAt);
            String heldBy = ActionGuards.changesCluster(request) ? awaitingByTarget.get(request.target()) : null;
            ActionLedger.Claim claim = plan.mode() == Mode.DRY_RUN ? dryRun(request, plan.caller())
                    : execute(request, plan.caller(), heldBy);
            if ("AWAITING_APPROVAL".equals(claim.row().status()) || "HELD".equals(claim.row().status())) {
                awaitingByTarget.putIfAbsent(request.target(), "AWAITING_APPROVAL".equals(claim.row().status())
                        ? claim.row().id() : claim.row().heldBy());
            }
            runs.add(ActionRun.of(i, claim.row(), claim.duplicate()));
        }
        return runs;
    }

    private ActionLedger.Claim dryRun(ActionRequest request, String caller) {
        ActionRow draft = draft(request, Mode.DRY_RUN, caller, null, null, null);
        Verdict refused = guards.check(request);
        if (refused != null) {
            return ledger.admit(draft, history -> refused);
        }
        ActionExecutor executor = executor(request);
        ActionExecutor.Inspection inspection;
        try {
            inspection = executor.inspect(request);
        } catch (ActionFailedException e) {
            return ledger.admit(draft, history -> Verdict.finished("FAILED", e.getMessage(), null, null));
        }
        Verdict selector = ActionGuards.changesCluster(request) ? guards.selector(request, inspection.labels()) : null;
        if (selector != null) {
            return ledger.admit(draft, history -> selector);
        }
        ActionExecutor.Outcome outcome = executor.run(request, true);
        String note = "HIGH".equals(request.risk()) ? " (HIGH risk: needs approval in execute mode)" : "";
        return ledger.admit(draft(request, Mode.DRY_RUN, caller, inspection, null, null), history -> Verdict.finished(
                outcome.succeeded() ? "DRY_RUN" : "FAILED", outcome.message() + note, tree(outcome.after()), null));
    }

    private ActionLedger.Claim execute(ActionRequest request, String caller, String heldBy) {
        String key = key(request);
        ActionRow draft = draft(request, Mode.EXECUTE, caller, null, key, heldBy);
        Verdict refused = guards.check(request);
        if (refused != null) {
            return ledger.admit(draft, history -> refused);
        }
        ActionExecutor executor = executor(request);
        ActionExecutor.Inspection inspection;
        try {
            inspection = executor.inspect(request);
        } catch (ActionFailedException e) {
            return ledger.admit(draft, history -> Verdict.finished("FAILED", e.getMessage(), null, null));
        }
        Verdict selector = ActionGuards.changesCluster(request) ? guards.selector(request, inspection.labels()) : null;
        if (selector != null) {
            return ledger.admit(draft, history -> selector);
        }
        ActionLedger.Claim claim = ledger.admit(draft(request, Mode.EXECUTE, caller, inspection, key, heldBy), history ->
                heldBy != null ? Verdict.of("HELD", "held until the approval of action " + heldBy + " is decided")
                        : !ActionGuards.changesCluster(request) ? Verdict.of("STARTED", "intent recorded; sending")
                        : guards.admit(request, history, false));
        if (claim.duplicate() || !"STARTED".equals(claim.row().status())) {
            return claim;
        }
        return new ActionLedger.Claim(finish(claim.row(), request, executor), false);
    }

    /** Runs an action whose intent is recorded (STARTED) and records its outcome. */
    ActionRow finish(ActionRow started, ActionRequest request, ActionExecutor executor) {
        ActionExecutor.Outcome outcome = executor.run(request, false);
        return ledger.move(started.incidentId(), started.id(), "STARTED", history -> Verdict.finished(
                outcome.succeeded() ? "SUCCEEDED" : "FAILED", outcome.message(), tree(outcome.after()),
                outcome.attempts().isEmpty() ? null : tree(outcome.attempts())), null, null);
    }

    /** The request a recorded action was made from; Kubernetes actions need no incident context. */
    ActionRequest requestOf(ActionRow row) {
        Map<String, Object> params = json.convertValue(row.params(), new TypeReference<Map<String, Object>>() { });
        return new ActionRequest(row.incidentId(), row.decisionId(), row.planIndex(), row.type(), row.targetKind(),
                row.namespace(), row.targetName(), params, row.risk(), null, row.createdAt());
    }

    ActionExecutor executor(ActionRequest request) {
        return executors.stream().filter(e -> e.handles(request.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no executor for " + request.type()));
    }

    /** One action of one incident: the same type, target and parameters, whichever decision proposes it. */
    private String key(ActionRequest request) {
        return request.incidentId() + "/" + Hashing.sha256(request.type() + "|" + request.targetKind() + "|"
                + request.target() + "|" + tree(request.params()));
    }

    private ActionRow draft(ActionRequest request, Mode mode, String caller, ActionExecutor.Inspection inspection,
                            String key, String heldBy) {
        return new ActionRow(UUID.randomUUID().toString(), key, request.incidentId(), request.decisionId(),
                request.planIndex(), request.type(), request.targetKind(), request.namespace(), request.name(),
                tree(request.params()), request.risk(), mode.name(), null, null, heldBy, null,
                inspection == null ? null : tree(inspection.before()), inspection == null ? null : tree(inspection.expected()),
                null, null, caller, null, null, null, null);
    }

    JsonNode tree(Object value) {
        return value == null ? null : json.valueToTree(value);
    }
}
