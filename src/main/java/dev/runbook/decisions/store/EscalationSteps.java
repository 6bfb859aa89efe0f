package dev.runbook.decisions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.StepStatus;

/**
 * How the {@code escalation_step} table is read and written, inside a transaction the caller holds: the decision that
 * schedules steps and the acknowledgement that cancels them commit together with their audit records.
 */
@ApplicationScoped
public class EscalationSteps {

    private final ObjectMapper json;

    public EscalationSteps(ObjectMapper json) {
        this.json = json;
    }

    /** Replaces the incident's scheduled steps by {@code plan}, timed from {@code from}; answers the steps replaced. */
    public StoppedSteps schedule(Connection connection, String incidentId, String decisionId, List<PlannedStep> plan, Instant from)
            throws SQLException {
        StoppedSteps replaced = cancel(connection, incidentId, StepStatus.REPLACED, "");
        for (int i = 0; i < plan.size(); i++) {
            PlannedStep step = plan.get(i);
            insert(connection, incidentId, decisionId, i, step.role(), step.contact(), step.channel(), step.condition(),
                    step.repeatEveryMinutes(), from.plus(Duration.ofMinutes(step.afterMinutes())));
        }
        return replaced;
    }

    /** Schedules the next occurrence of a repeating step, {@code repeatEveryMinutes} after this one was due. */
    public void repeat(Connection connection, StepRow step) throws SQLException {
        insert(connection, step.incidentId(), step.decisionId(), step.stepIndex(), step.role(), step.contact(),
                step.channel(), step.condition(), step.repeatEveryMinutes(),
                step.dueAt().plus(Duration.ofMinutes(step.repeatEveryMinutes())));
    }

    public boolean hasSteps(Connection connection, String incidentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM escalation_step WHERE incident_id = ? LIMIT 1")) {
            select.setString(1, incidentId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Acknowledgement stops the paging steps (pages, and anything waiting for a response); resolution stops all.
     * Answers the steps cancelled.
     */
    public StoppedSteps stopFor(Connection connection, String incidentId, IncidentStatus incidentStatus) throws SQLException {
        return cancel(connection, incidentId, StepStatus.CANCELLED, incidentStatus == IncidentStatus.RESOLVED ? ""
                : " AND (channel = 'PAGE' OR fire_condition = 'NO_RESPONSE')");
    }

    /** Up to {@code limit} steps due at {@code now}, locked for this transaction; rows other replicas hold are skipped. */
    public List<StepRow> lockDue(Connection connection, Instant now, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + StepRow.COLUMNS + " FROM escalation_step "
                + "WHERE status = '" + StepStatus.SCHEDULED + "' AND due_at <= ? ORDER BY due_at LIMIT " + limit + " FOR UPDATE SKIP LOCKED")) {
            select.setObject(1, Json.utc(now));
            return rows(select);
        }
    }

    public void setStatus(Connection connection, String id, StepStatus status, Instant firedAt, ObjectNode outcome)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE escalation_step SET status = ?, fired_at = ?, outcome = ? WHERE id = ?")) {
            update.setString(1, status.name());
            update.setObject(2, Json.utc(firedAt));
            update.setString(3, Json.write(json, outcome));
            update.setString(4, id);
            update.executeUpdate();
        }
    }

    /** The roles whose PAGE step fired for the incident, by name. */
    public List<String> pagedRoles(Connection connection, String incidentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT role_name FROM escalation_step "
                + "WHERE incident_id = ? AND channel = 'PAGE' AND status = '" + StepStatus.FIRED + "' ORDER BY role_name")) {
            select.setString(1, incidentId);
            return Rows.all(select, rs -> rs.getString(1));
        }
    }

    public List<StepRow> ofIncident(Connection connection, String incidentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + StepRow.COLUMNS
                + " FROM escalation_step WHERE incident_id = ? ORDER BY due_at, step_index")) {
            select.setString(1, incidentId);
            return rows(select);
        }
    }

    /** Steps claimed before {@code cutoff} whose outcome was never recorded: their replica died while firing them. */
    public List<StepRow> firingBefore(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + StepRow.COLUMNS
                + " FROM escalation_step WHERE status = '" + StepStatus.FIRING + "' AND fired_at <= ?")) {
            select.setObject(1, Json.utc(cutoff));
            return rows(select);
        }
    }

    /**
     * Sets the incident's matching scheduled steps to {@code status}, one row at a time after locking them, so the
     * answer names exactly the steps this transaction stopped (a replica may claim one meanwhile).
     */
    private StoppedSteps cancel(Connection connection, String incidentId, StepStatus status, String which) throws SQLException {
        List<StepRow> candidates;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + StepRow.COLUMNS + " FROM escalation_step "
                + "WHERE incident_id = ? AND status = '" + StepStatus.SCHEDULED + "'" + which + " FOR UPDATE")) {
            select.setString(1, incidentId);
            candidates = rows(select);
        }
        List<StepRow> stopped = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("UPDATE escalation_step SET status = ? "
                + "WHERE id = ? AND status = '" + StepStatus.SCHEDULED + "'")) {
            for (StepRow step : candidates) {
                update.setString(1, status.name());
                update.setString(2, step.id());
                if (update.executeUpdate() == 1) {
                    stopped.add(step);
                }
            }
        }
        return new StoppedSteps(status, stopped);
    }

    /**
     * Steps due before {@code cutoff} that have not fired: still scheduled, or claimed by a replica that has not
     * recorded how they went. Every replica's clock should have fired them by then.
     */
    public long overdue(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM escalation_step WHERE "
                + "(status = '" + StepStatus.SCHEDULED + "' AND due_at <= ?) OR (status = '" + StepStatus.FIRING + "' AND fired_at <= ?)")) {
            select.setObject(1, Json.utc(cutoff));
            select.setObject(2, Json.utc(cutoff));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void insert(Connection connection, String incidentId, String decisionId, int index, String role,
                               String contact, String channel, String condition, Integer repeat, Instant due)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation_step (" + StepRow.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '" + StepStatus.SCHEDULED + "', NULL, NULL)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, incidentId);
            insert.setString(3, decisionId);
            insert.setInt(4, index);
            insert.setString(5, role);
            insert.setString(6, contact);
            insert.setString(7, channel);
            insert.setString(8, condition);
            insert.setObject(9, repeat);
            insert.setObject(10, Json.utc(due));
            insert.executeUpdate();
        }
    }

    private List<StepRow> rows(PreparedStatement select) throws SQLException {
        return Rows.all(select, rs -> StepRow.read(rs, json));
    }
}
