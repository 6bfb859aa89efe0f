package dev.runbook.decisions.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;

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
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public ActionLedger(Store store, ObjectMapper json, MeterRegistry metrics) {
        this.store = store;
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
                ActionRow existing = draft.actionKey() == null ? null : one(connection, "action_key = ?", draft.actionKey());
                if (existing != null) {
                    claims.add(new Claim(existing, true));
                    continue;
                }
                ActionRow row = applied(draft, admissions.admit(i, history), head.now(), null);
                insert(connection, row);
                appendRecord(connection, head, row, draft.decidedBy(), null);
                claims.add(new Claim(row, false));
            }
            return claims;
        });
    }

    /**
     * Moves an action from {@code expected} to the status {@code admission} gives it, as {@code caller}. Refused with
     * 409 if the action is no longer in {@code expected} (approved twice, expired, finished elsewhere).
     */
    public ActionRow move(String incidentId, String actionId, String expected, Admission admission, String caller, String note) {
        return store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHead(connection);
            ActionRow row = ofIncident(connection, incidentId, actionId);
            if (!row.status().equals(expected)) {
                throw new InvalidTransitionException("Action " + actionId + " is " + row.status() + ", not " + expected);
            }
            ActionRow moved = applied(row, admission.admit(history(connection, head.now())), head.now(), caller);
            update(connection, moved);
            appendRecord(connection, head, moved, caller, note);
            return moved;
        });
    }

    public ActionRow find(String incidentId, String actionId) {
        return store.inTransaction(c -> ofIncident(c, incidentId, actionId));
    }

    /** The action {@code actionId} of incident {@code incidentId}; 404 if it is not one of that incident's. */
    private ActionRow ofIncident(Connection connection, String incidentId, String actionId) throws SQLException {
        ActionRow row = one(connection, "id = ?", actionId);
        if (row == null || !row.incidentId().equals(incidentId)) {
            throw new NotFoundInStoreException("action", actionId);
        }
        return row;
    }

    /** The actions of an incident in the order they were planned and recorded. */
    public List<ActionRow> ofIncident(String incidentId) {
        return store.inTransaction(c -> list(c, "incident_id = ? ORDER BY created_at, plan_index", incidentId));
    }

    /** Actions held behind {@code actionId}'s approval, in plan order. */
    public List<ActionRow> heldBehind(String actionId) {
        return store.inTransaction(c -> list(c, "held_by = ? AND status = 'HELD' ORDER BY plan_index", actionId));
    }

    /** Actions in {@code status} whose {@code column} time is before {@code cutoff}: stale intents, lapsed approvals. */
    public List<ActionRow> inStatusBefore(String status, String column, Instant cutoff) {
        return store.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + ActionRow.COLUMNS + " FROM action_run WHERE status = ? AND "
                    + column + " <= ? ORDER BY " + column)) {
                select.setString(1, status);
                select.setObject(2, Json.utc(cutoff));
                return rows(select);
            }
        });
    }

    private ActionHistory history(Connection connection, Instant now) {
        return new ActionHistory() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public Instant lastChangeOf(String namespace, String name, String exceptDecisionId) {
                return query(() -> {
                    try (PreparedStatement select = connection.prepareStatement("SELECT MAX(started_at) AS last_change FROM action_run "
                            + "WHERE target_kind = 'Deployment' AND namespace = ? AND target_name = ? AND decision_id <> ? "
                            + "AND started_at IS NOT NULL AND mode = 'EXECUTE'")) {
                        select.setString(1, namespace);
                        select.setString(2, name);
                        select.setString(3, exceptDecisionId);
                        try (ResultSet rs = select.executeQuery()) {
                            return rs.next() ? Json.instant(rs, "last_change") : null;
                        }
                    }
                });
            }

            @Override
            public int changesSince(Instant since) {
                return query(() -> {
                    try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM action_run WHERE "
                            + "target_kind = 'Deployment' AND mode = 'EXECUTE' AND started_at >= ?")) {
                        select.setObject(1, Json.utc(since));
                        try (ResultSet rs = select.executeQuery()) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    }
                });
            }
        };
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T query(Query<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw Store.translate(e);
        }
    }

    private ActionRow applied(ActionRow row, Verdict verdict, Instant now, String caller) {
        boolean starts = "STARTED".equals(verdict.status());
        boolean ends = !starts && !"AWAITING_APPROVAL".equals(verdict.status()) && !"HELD".equals(verdict.status());
        return new ActionRow(row.id(), row.actionKey(), row.incidentId(), row.decisionId(), row.planIndex(), row.type(),
                row.targetKind(), row.namespace(), row.targetName(), row.params(), row.risk(), row.mode(), verdict.status(),
                verdict.guard(), verdict.heldBy() != null ? verdict.heldBy() : row.heldBy(), verdict.message(),
                verdict.before() != null ? verdict.before() : row.before(),
                verdict.expected() != null ? verdict.expected() : row.expected(),
                verdict.after() != null ? verdict.after() : row.after(),
                verdict.attempts() != null ? verdict.attempts() : row.attempts(),
                caller != null ? caller : row.decidedBy(), row.createdAt() != null ? row.createdAt() : now,
                starts ? now : row.startedAt(), ends ? now : row.finishedAt(),
                verdict.expiresAt() != null ? verdict.expiresAt() : row.expiresAt());
    }

    /** The key is stored only by statuses that claim it (refusals and dry runs leave it NULL, free to claim later). */
    private void insert(Connection connection, ActionRow row) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO action_run (" + ActionRow.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.id());
            insert.setString(2, ActionRow.claims(row.status()) ? row.actionKey() : null);
            insert.setString(3, row.incidentId());
            insert.setString(4, row.decisionId());
            insert.setInt(5, row.planIndex());
            insert.setString(6, row.type());
            insert.setString(7, row.targetKind());
            insert.setString(8, row.namespace());
            insert.setString(9, row.targetName());
            insert.setString(10, Json.write(json, row.params()));
            insert.setString(11, row.risk());
            insert.setString(12, row.mode());
            int next = setState(insert, 13, row);
            insert.setObject(next, Json.utc(row.createdAt()));
            insert.setObject(next + 1, Json.utc(row.startedAt()));
            insert.setObject(next + 2, Json.utc(row.finishedAt()));
            insert.setObject(next + 3, Json.utc(row.expiresAt()));
            insert.executeUpdate();
        }
    }

    private void update(Connection connection, ActionRow row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE action_run SET status = ?, guard = ?, held_by = ?, "
                + "message = ?, before_state = ?, expected = ?, after_state = ?, attempts = ?, decided_by = ?, started_at = ?, "
                + "finished_at = ?, expires_at = ? WHERE id = ?")) {
            int next = setState(update, 1, row);
            update.setObject(next, Json.utc(row.startedAt()));
            update.setObject(next + 1, Json.utc(row.finishedAt()));
            update.setObject(next + 2, Json.utc(row.expiresAt()));
            update.setString(next + 3, row.id());
            update.executeUpdate();
        }
    }

    /** status .. decided_by, in column order from {@code from}; answers the next parameter index. */
    private int setState(PreparedStatement statement, int from, ActionRow row) throws SQLException {
        statement.setString(from, row.status());
        statement.setString(from + 1, row.guard());
        statement.setString(from + 2, row.heldBy());
        statement.setString(from + 3, row.message());
        statement.setString(from + 4, Json.write(json, row.before()));
        statement.setString(from + 5, Json.write(json, row.expected()));
        statement.setString(from + 6, Json.write(json, row.after()));
        statement.setString(from + 7, Json.write(json, row.attempts()));
        statement.setString(from + 8, row.decidedBy());
        return from + 9;
    }

    private void appendRecord(Connection connection, AuditChain.Head head, ActionRow row, String caller, String note)
            throws SQLException {
        ObjectNode content = json.valueToTree(row);
        content.put("note", note == null ? row.summary() : row.summary() + " (" + note + ")");
        AuditChain.append(connection, head, AuditRecord.draft(UUID.randomUUID().toString(), "ACTION_" + row.status(),
                caller == null ? "runbook" : caller, row.incidentId(), null, null, null, null, Json.write(json, content)));
        metrics.counter("runbook.actions", "type", row.type(), "status", row.status(), "mode", row.mode()).increment();
    }

    private ActionRow one(Connection connection, String where, String parameter) throws SQLException {
        List<ActionRow> rows = list(connection, where, parameter);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private List<ActionRow> list(Connection connection, String where, String parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ActionRow.COLUMNS + " FROM action_run WHERE " + where)) {
            select.setString(1, parameter);
            return rows(select);
        }
    }

    private List<ActionRow> rows(PreparedStatement select) throws SQLException {
        return Rows.all(select, rs -> ActionRow.read(rs, json));
    }

    /** A recorded action; {@code duplicate} when its key was already claimed and this is the earlier action. */
    public record Claim(ActionRow row, boolean duplicate) {
    }
}
