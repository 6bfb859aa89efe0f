package dev.runbook.decisions.act;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.audit.AuditChain;
import dev.runbook.decisions.audit.AuditRecord;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.Verdict;
import dev.runbook.decisions.store.ActionRow;
import dev.runbook.decisions.store.ActionRows;
import dev.runbook.decisions.store.InvalidTransitionException;
import dev.runbook.decisions.store.Json;
import dev.runbook.decisions.store.Store;

/**
 * The actions of incidents, written ahead: an action's intent is committed (STARTED) before it runs and its outcome
 * after, each with an audit record on the incident. Every change locks the chain head first, so the idempotency
 * claim and the guards' view of history are decided one transaction at a time across all replicas.
 */
@ApplicationScoped
public class ActionLedger {

    /** Decides an action's status inside the recording transaction. */
    @FunctionalInterface
    public interface Admission {
        Verdict admit(ActionHistory history);
    }

    private final Store store;
    private final ActionRows rows;
    private final ObjectMapper json;
    private final ActMetrics metrics;

    public ActionLedger(Store store, ActionRows rows, ObjectMapper json, ActMetrics metrics) {
        this.store = store;
        this.rows = rows;
        this.json = json;
        this.metrics = metrics;
    }

    /** Decides the status of each action of a batch, in order, inside the recording transaction. */
    @FunctionalInterface
    public interface Admissions {
        Verdict admit(int index, ActionHistory history);
    }

    /**
     * Records a new action with the status {@code admission} gives it. If the action's key is already claimed the
     * action that claimed it is answered instead ({@code duplicate}) and nothing is written.
     */
    public Claim admit(ActionRow draft, Admission admission) {
        return admitAll(List.of(draft), (index, history) -> admission.admit(history)).get(0);
    }

    /**
     * Records a plan's actions in one transaction, in order: all their keys are claimed together, so a concurrent
     * decision of the same incident finds every one claimed rather than racing this one action by action.
     */
    public List<Claim> admitAll(List<ActionRow> drafts, Admissions admissions) {
        return store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHead(connection);
            ActionHistory history = history(connection, head.now());
            List<Claim> claims = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                ActionRow draft = drafts.get(i);
                ActionRow existing = draft.actionKey() == null ? null : rows.claimedBy(connection, draft.actionKey());
                if (existing != null) {
                    claims.add(new Claim(existing, true));
                    continue;
                }
                Verdict verdict = admissions.admit(i, history);
                if (!ActionStatus.INITIAL.contains(verdict.status())) {
                    throw new IllegalStateException("An action cannot be first recorded as " + verdict.status());
                }
                ActionRow row = draft.with(draft.state().apply(verdict, head.now(), null));
                rows.insert(connection, row);
                appendRecord(connection, head, row, draft.state().decidedBy(), null);
                claims.add(new Claim(row, false));
            }
            return claims;
        });
    }

    /**
     * Moves an action from {@code expected} to the status {@code admission} gives it, as {@code caller}. Refused with
     * 409 if the action is no longer in {@code expected} (approved twice, expired, finished elsewhere).
     */
    public ActionRow move(String incidentId, String actionId, ActionStatus expected, Admission admission, String caller, String note) {
        return store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHead(connection);
            ActionRow row = rows.ofIncident(connection, incidentId, actionId);
            if (row.status() != expected) {
                throw new InvalidTransitionException("Action " + actionId + " is " + row.status() + ", not " + expected);
            }
            Verdict verdict = admission.admit(history(connection, head.now()));
            if (!expected.mayMoveTo(verdict.status())) {
                throw new IllegalStateException("Action " + actionId + " cannot move from " + expected + " to " + verdict.status());
            }
            ActionRow moved = row.with(row.state().apply(verdict, head.now(), caller));
            rows.update(connection, moved);
            appendRecord(connection, head, moved, caller, note);
            return moved;
        });
    }

    public ActionRow find(String incidentId, String actionId) {
        return store.inTransaction(c -> rows.ofIncident(c, incidentId, actionId));
    }

    /** Actions held behind {@code actionId}'s approval, in plan order. */
    public List<ActionRow> heldBehind(String actionId) {
        return store.inTransaction(c -> rows.heldBehind(c, actionId));
    }

    /** Actions in {@code status} whose {@code column} time is before {@code cutoff}: stale intents, lapsed approvals. */
    public List<ActionRow> inStatusBefore(ActionStatus status, String column, Instant cutoff) {
        return store.inTransaction(c -> rows.inStatusBefore(c, status, column, cutoff));
    }

    /** The guards' view of past actions, read in {@code connection}'s transaction (the chain head is locked). */
    private ActionHistory history(Connection connection, Instant now) {
        return new ActionHistory() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public Instant lastChangeOf(String namespace, String name, String exceptDecisionId) {
                return read(() -> rows.lastChangeOf(connection, namespace, name, exceptDecisionId));
            }

            @Override
            public int changesSince(Instant since) {
                return read(() -> rows.changesSince(connection, since));
            }
        };
    }

    private interface Read<T> {
        T run() throws SQLException;
    }

    private static <T> T read(Read<T> read) {
        try {
            return read.run();
        } catch (SQLException e) {
            throw Store.translate(e);
        }
    }


    private void appendRecord(Connection connection, AuditChain.Head head, ActionRow row, String caller, String note)
            throws SQLException {
        ObjectNode content = json.valueToTree(row);
        content.put("note", note == null ? row.summary() : row.summary() + " (" + note + ")");
        AuditChain.append(connection, head, AuditRecord.draft(UUID.randomUUID().toString(), row.status().recordKind(),
                caller == null ? "runbook" : caller, row.incidentId(), null, null, null, null, Json.write(json, content)));
        metrics.actionRecorded(row);
    }

    /** A recorded action; {@code duplicate} when its key was already claimed and this is the earlier action. */
    public record Claim(ActionRow row, boolean duplicate) {
    }
}
