package dev.runbook.decisions.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.runbook.decisions.domain.IncidentStatus;

/** The SQL of the incident table, run inside the caller's transaction. */
public final class Incidents {

    private Incidents() {
    }

    static IncidentState findOpen(Connection connection, String dedupKey) throws SQLException {
        return one(connection, "SELECT " + IncidentState.COLUMNS + " FROM incident WHERE open_key = ?", dedupKey);
    }

    public static IncidentState find(Connection connection, String id) throws SQLException {
        return one(connection, "SELECT " + IncidentState.COLUMNS + " FROM incident WHERE id = ?", id);
    }

    /** The most recent incident of a key, to link a reopened incident to the one it follows. */
    static String latestOf(Connection connection, String dedupKey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM incident WHERE dedup_key = ? ORDER BY opened_seq DESC LIMIT 1")) {
            select.setString(1, dedupKey);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static String planHash(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT plan_hash FROM incident WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void insert(Connection connection, String id, DecisionEntry entry, String previousId, long openedSeq, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO incident (id, dedup_key, open_key, status, "
                + "service, namespace, incident_type, severity, plan_hash, current_decision_id, previous_incident_id, "
                + "decision_count, opened_seq, opened_at, updated_at) VALUES (?, ?, ?, '" + IncidentStatus.OPEN + "', ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, entry.dedupKey());
            insert.setString(3, entry.dedupKey());
            insert.setString(4, entry.service());
            insert.setString(5, entry.namespace());
            insert.setString(6, entry.incidentType().name());
            insert.setString(7, entry.severity().name());
            insert.setString(8, entry.planHash());
            insert.setString(9, entry.decisionId());
            insert.setString(10, previousId);
            insert.setLong(11, openedSeq);
            insert.setObject(12, now.atOffset(ZoneOffset.UTC));
            insert.setObject(13, now.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /** The incident takes the latest decision's severity and plan. */
    static void update(Connection connection, String id, DecisionEntry entry, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE incident SET severity = ?, incident_type = ?, "
                + "plan_hash = ?, current_decision_id = ?, decision_count = decision_count + 1, updated_at = ? WHERE id = ?")) {
            update.setString(1, entry.severity().name());
            update.setString(2, entry.incidentType().name());
            update.setString(3, entry.planHash());
            update.setString(4, entry.decisionId());
            update.setObject(5, now.atOffset(ZoneOffset.UTC));
            update.setString(6, id);
            update.executeUpdate();
        }
    }

    static void transition(Connection connection, String id, IncidentStatus status, String by, Instant now) throws SQLException {
        String who = status == IncidentStatus.RESOLVED ? "resolved" : "acknowledged";
        String openKey = status == IncidentStatus.RESOLVED ? ", open_key = NULL" : "";
        try (PreparedStatement update = connection.prepareStatement("UPDATE incident SET status = ?, " + who + "_at = ?, "
                + who + "_by = ?, updated_at = ?" + openKey + " WHERE id = ?")) {
            update.setString(1, status.name());
            update.setObject(2, now.atOffset(ZoneOffset.UTC));
            update.setString(3, by);
            update.setObject(4, now.atOffset(ZoneOffset.UTC));
            update.setString(5, id);
            update.executeUpdate();
        }
    }

    private static IncidentState one(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? IncidentState.read(rs) : null;
            }
        }
    }
}
