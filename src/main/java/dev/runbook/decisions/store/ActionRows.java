package dev.runbook.decisions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionState;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.Mode;

/**
 * How the {@code action_run} table is read and written, inside a transaction the caller holds. What an action's next
 * status is, and when it may change, is decided by the act step; this class only keeps the rows.
 */
@ApplicationScoped
public class ActionRows {

    private final ObjectMapper json;

    public ActionRows(ObjectMapper json) {
        this.json = json;
    }

    /** The key is stored only by statuses that claim it (refusals and dry runs leave it NULL, free to claim later). */
    public void insert(Connection connection, ActionRow row) throws SQLException {
        Action action = row.action();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO action_run (" + ActionRow.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.id());
            insert.setString(2, row.status().claimsKey() ? row.actionKey() : null);
            insert.setString(3, row.incidentId());
            insert.setString(4, row.decisionId());
            insert.setInt(5, row.planIndex());
            insert.setString(6, action.type().name());
            insert.setString(7, action.target().kind());
            insert.setString(8, action.target().namespace());
            insert.setString(9, action.target().name());
            insert.setString(10, Json.write(json, action.params()));
            insert.setString(11, action.risk().name());
            insert.setString(12, action.reason());
            insert.setString(13, row.mode().name());
            int next = setState(insert, 14, row.state());
            insert.setObject(next, Json.utc(row.state().createdAt()));
            insert.setObject(next + 1, Json.utc(row.state().startedAt()));
            insert.setObject(next + 2, Json.utc(row.state().finishedAt()));
            insert.setObject(next + 3, Json.utc(row.state().expiresAt()));
            insert.executeUpdate();
        }
    }

    public void update(Connection connection, ActionRow row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE action_run SET status = ?, guard = ?, held_by = ?, "
                + "message = ?, before_state = ?, expected = ?, after_state = ?, attempts = ?, decided_by = ?, started_at = ?, "
                + "finished_at = ?, expires_at = ? WHERE id = ?")) {
            int next = setState(update, 1, row.state());
            update.setObject(next, Json.utc(row.state().startedAt()));
            update.setObject(next + 1, Json.utc(row.state().finishedAt()));
            update.setObject(next + 2, Json.utc(row.state().expiresAt()));
            update.setString(next + 3, row.id());
            update.executeUpdate();
        }
    }

    /** status .. decided_by, in column order from {@code from}; answers the next parameter index. */
    private int setState(PreparedStatement statement, int from, ActionState state) throws SQLException {
        statement.setString(from, state.status().name());
        statement.setString(from + 1, state.guard());
        statement.setString(from + 2, state.heldBy());
        statement.setString(from + 3, state.message());
        statement.setString(from + 4, Json.write(json, state.before()));
        statement.setString(from + 5, Json.write(json, state.expected()));
        statement.setString(from + 6, Json.write(json, state.after()));
        statement.setString(from + 7, Json.write(json, state.attempts()));
        statement.setString(from + 8, state.decidedBy());
        return from + 9;
    }

    /** The action holding {@code actionKey}, or null. */
    public ActionRow claimedBy(Connection connection, String actionKey) throws SQLException {
        return one(connection, "action_key = ?", actionKey);
    }

    /** The action {@code actionId} of incident {@code incidentId}; 404 if it is not one of that incident's. */
    public ActionRow ofIncident(Connection connection, String incidentId, String actionId) throws SQLException {
        ActionRow row = one(connection, "id = ?", actionId);
        if (row == null || !row.incidentId().equals(incidentId)) {
            throw new NotFoundInStoreException("action", actionId);
        }
        return row;
    }

    /** The actions of an incident in the order they were planned and recorded. */
    public List<ActionRow> ofIncident(Connection connection, String incidentId) throws SQLException {
        return list(connection, "incident_id = ? ORDER BY created_at, plan_index", incidentId);
    }

    /** Actions held behind {@code actionId}'s approval, in plan order. */
    public List<ActionRow> heldBehind(Connection connection, String actionId) throws SQLException {
        return list(connection, "held_by = ? AND status = '" + ActionStatus.HELD + "' ORDER BY plan_index", actionId);
    }

    /** Actions in {@code status} whose {@code column} time is before {@code cutoff}: stale intents, lapsed approvals. */
    public List<ActionRow> inStatusBefore(Connection connection, ActionStatus status, String column, Instant cutoff)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ActionRow.COLUMNS + " FROM action_run WHERE status = ? AND "
                + column + " <= ? ORDER BY " + column)) {
            select.setString(1, status.name());
            select.setObject(2, Json.utc(cutoff));
            return rows(select);
        }
    }

    /** When a Kubernetes action of another decision last started on this Deployment, or null. */
    public Instant lastChangeOf(Connection connection, String namespace, String name, String exceptDecisionId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT MAX(started_at) AS last_change FROM action_run "
                + "WHERE target_kind = 'Deployment' AND namespace = ? AND target_name = ? AND decision_id <> ? "
                + "AND started_at IS NOT NULL AND mode = '" + Mode.EXECUTE + "'")) {
            select.setString(1, namespace);
            select.setString(2, name);
            select.setString(3, exceptDecisionId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Json.instant(rs, "last_change") : null;
            }
        }
    }

    /** How many Kubernetes actions started at or after {@code since}. */
    public int changesSince(Connection connection, Instant since) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM action_run WHERE "
                + "target_kind = 'Deployment' AND mode = '" + Mode.EXECUTE + "' AND started_at >= ?")) {
            select.setObject(1, Json.utc(since));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
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
}
