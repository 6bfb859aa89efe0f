package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.runbook.decisions.audit.AuditQueries;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.Verdict;
import dev.runbook.decisions.store.ActionRow;
import dev.runbook.decisions.store.InvalidTransitionException;

/**
 * Operators' decisions on HIGH risk actions. Approving runs the action (through cooldown and budget, like any
 * other), rejecting records who said no; either way the actions held behind it are then released in plan order.
 * An approval not given in time lapses, and the actions held behind it lapse with it: nothing runs on a stale plan.
 */
@ApplicationScoped
public class Approvals {

    private final ActionLedger ledger;
    private final ActionRunner runner;
    private final ActionGuards guards;
    private final AuditQueries queries;

    public Approvals(ActionLedger ledger, ActionRunner runner, ActionGuards guards, AuditQueries queries) {
        this.ledger = ledger;
        this.runner = runner;
        this.guards = guards;
        this.queries = queries;
    }

    /** Runs the action and then the ones held behind it; answers each as recorded, the approved one first. */
    public List<ActionRow> approve(String incidentId, String actionId, String caller, String note) {
        ActionRow row = awaiting(incidentId, actionId);
        ActionRequest request = runner.requestOf(row);
        ActionLedger.Admission admission = admissionNow(request, true);
        ActionRow moved = ledger.move(incidentId, actionId, ActionStatus.AWAITING_APPROVAL, history -> history.now().isAfter(row.state().expiresAt())
                ? Verdict.of(ActionStatus.EXPIRED, "the approval came after " + row.state().expiresAt())
                : admission.admit(history), caller, "approved by " + caller + note(note));
        List<ActionRow> results = new ArrayList<>();
        results.add(runner.runIfStarted(moved, request));
        results.addAll(release(moved, moved.status() == ActionStatus.EXPIRED, caller));
        return results;
    }

    public List<ActionRow> reject(String incidentId, String actionId, String caller, String note) {
        awaiting(incidentId, actionId);
        ActionRow moved = ledger.move(incidentId, actionId, ActionStatus.AWAITING_APPROVAL,
                history -> Verdict.of(ActionStatus.REJECTED, "rejected by " + caller + note(note)), caller, null);
        List<ActionRow> results = new ArrayList<>(List.of(moved));
        results.addAll(release(moved, false, caller));
        return results;
    }

    /** Lapses every approval due by {@code now}, with the actions held behind each. */
    public int expireDue(Instant now) {
        List<ActionRow> due = ledger.inStatusBefore(ActionStatus.AWAITING_APPROVAL, "expires_at", now);
        for (ActionRow row : due) {
            ActionRow expired = ledger.move(row.incidentId(), row.id(), ActionStatus.AWAITING_APPROVAL,
                    history -> Verdict.of(ActionStatus.EXPIRED, "no approval before " + row.state().expiresAt()), null, null);
            release(expired, true, null);
        }
        return due.size();
    }

    private ActionRow awaiting(String incidentId, String actionId) {
        ActionRow row = ledger.find(incidentId, actionId);
        if (queries.incidentState(incidentId).status() == IncidentStatus.RESOLVED) {
            throw new InvalidTransitionException("Incident " + incidentId + " is resolved; its actions are no longer run");
        }
        return row;
    }

    private List<ActionRow> release(ActionRow parent, boolean lapse, String caller) {
        List<ActionRow> released = new ArrayList<>();
        for (ActionRow held : ledger.heldBehind(parent.id())) {
            ActionRequest request = runner.requestOf(held);
            ActionLedger.Admission admission = lapse
                    ? history -> Verdict.of(ActionStatus.EXPIRED, "the approval of " + parent.id() + " lapsed")
                    : admissionNow(request, false);
            ActionRow moved = ledger.move(held.incidentId(), held.id(), ActionStatus.HELD, admission, caller,
                    "released after " + parent.status() + " of " + parent.id());
            released.add(runner.runIfStarted(moved, request));
        }
        return released;
    }

    /**
     * The guards' verdict on an action that waited, with its target read again now: it runs on the state it will
     * change, and reports that state as its "before". A target that can no longer be read fails the action.
     */
    private ActionLedger.Admission admissionNow(ActionRequest request, boolean approved) {
        ActionExecutor.Inspection inspection;
        try {
            inspection = runner.executor(request).inspect(request);
        } catch (ActionFailedException e) {
            return history -> Verdict.finished(ActionStatus.FAILED, e.getMessage(), null, null);
        }
        JsonNode before = runner.tree(inspection.before());
        JsonNode expected = runner.tree(inspection.expected());
        return history -> guards.admit(request, history, approved).reinspected(before, expected);
    }

    private static String note(String note) {
        return note == null || note.isBlank() ? "" : ": " + note;
    }
}
