package dev.runbook.decisions.audit;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The timed escalation steps of incidents. Due steps are claimed with {@code FOR UPDATE SKIP LOCKED}: each replica
 * takes different rows and a claimed step is marked FIRING in the same transaction, so a step fires once however many
 * replicas tick. Scheduling and cancelling happen inside the audit log's transactions (see {@link AuditLog}).
 */
@ApplicationScoped
public class EscalationLedger {

    /** Decides at claim time whether a due step still applies: null to fire it, else why it is skipped. */
    @FunctionalInterface
    public interface StepJudge {
        String skipReason(StepRow step, IncidentState incident, JsonNode latestFacts, JsonNode previousFacts);
    }

    /** A claimed step and its incident, to be fired by the caller and then finished. */
    public record DueStep(StepRow step, IncidentState incident) {
    }

    private final Store store;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public EscalationLedger(Store store, ObjectMapper json, MeterRegistry metrics) {
        this.store = store;
        this.json = json;
        this.metrics = metrics;
    }

    /** Claims up to {@code limit} steps due at {@code now}: FIRING if {@code judge} lets them fire, else SKIPPED. */
    public List<DueStep> claimDue(Instant now, int limit, StepJudge judge) {
        return store.inTransaction(connection -> {
            List<StepRow> due;
            try (PreparedStatement select = connection.prepareStatement("SELECT " + StepRow.COLUMNS + " FROM escalation_step "
                    + "WHERE status = 'SCHEDULED' AND due_at <= ? ORDER BY due_at LIMIT " + limit + " FOR UPDATE SKIP LOCKED")) {
                select.setObject(1, Json.utc(now));
                due = rows(select);
            }
            List<DueStep> firing = new ArrayList<>();
            for (StepRow step : due) {
                IncidentState incident = Incidents.find(connection, step.incidentId());
                List<JsonNode> facts = latestFacts(connection, step.incidentId());
                String skip = judge.skipReason(step, incident, facts.get(0), facts.get(1));
                setStatus(connection, step.id(), skip == null ? "FIRING" : "SKIPPED", now,
                        skip == null ? null : json.createObjectNode().put("reason", skip));
                if (step.repeatEveryMinutes() != null && !"RESOLVED".equals(incident.status())) {
                    insert(connection, step.incidentId(), step.decisionId(), step.stepIndex(), step.role(), step.contact(),
                            step.channel(), step.condition(), step.repeatEveryMinutes(),
                            step.dueAt().plus(Duration.ofMinutes(step.repeatEveryMinutes())));
                }
                if (skip == null) {
                    firing.add(new DueStep(step, incident));
                }
            }
            return firing;
        });
    }

    /** Records how a claimed step went (FIRED, FAILED, UNKNOWN), with an audit record on its incident. */
    public void finish(StepRow step, String status, ObjectNode outcome) {
        store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHead(connection);
            setStatus(connection, step.id(), status, step.firedAt() != null ? step.firedAt() : head.now(), outcome);
            ObjectNode content = json.valueToTree(step);
            content.put("status", status).put("note", step.summary() + ": " + outcome.path("message").asText(status));
            content.set("outcome", outcome);
            AuditChain.append(connection, head, AuditRecord.draft(UUID.randomUUID().toString(), "ESCALATION_" + status,
                    "runbook", step.incidentId(), null, null, null, null, Json.write(json, content)));
            return null;
        });
        metrics.counter("runbook.escalation.steps", "channel", step.channel(), "role", step.role(), "status", status).increment();
    }

    /**
     * The roles paged for an incident that have not yet had {@code followUp} (PAGE_ACKNOWLEDGE, PAGE_RESOLVE) sent:
     * each had a PAGE step fire, and no audit record of that follow-up names them.
     */
    public List<String> pagedRolesWithout(String incidentId, String followUp) {
        return store.inTransaction(c -> {
            List<String> roles;
            try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT role_name FROM escalation_step "
                    + "WHERE incident_id = ? AND channel = 'PAGE' AND status = 'FIRED' ORDER BY role_name")) {
                select.setString(1, incidentId);
                roles = Rows.all(select, rs -> rs.getString(1));
            }
            try (PreparedStatement select = c.prepareStatement("SELECT body FROM audit_record WHERE incident_id = ? AND kind = ?")) {
                select.setString(1, incidentId);
                select.setString(2, followUp);
                List<String> done = Rows.all(select, rs -> Json.read(json, rs.getString(1)).path("role").asText());
                return roles.stream().filter(role -> !done.contains(role)).toList();
            }
        });
    }

    /** Records a page follow-up (PAGE_ACKNOWLEDGE, PAGE_RESOLVE) sent for {@code role}, with how the delivery went. */
    public void recordFollowUp(String incidentId, String role, String followUp, ObjectNode outcome) {
        store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHead(connection);
            ObjectNode content = json.createObjectNode().put("role", role)
                    .put("note", followUp + " " + role + ": " + outcome.path("message").asText());
            content.set("outcome", outcome);
            AuditChain.append(connection, head, AuditRecord.draft(UUID.randomUUID().toString(), followUp, "runbook",
                    incidentId, null, null, null, null, Json.write(json, content)));
            return null;
        });
    }

    public List<StepRow> ofIncident(String incidentId) {
        return store.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + StepRow.COLUMNS
                    + " FROM escalation_step WHERE incident_id = ? ORDER BY due_at, step_index")) {
                select.setString(1, incidentId);
                return rows(select);
            }
        });
    }

    /** Steps claimed before {@code cutoff} whose outcome was never recorded: their replica died while firing them. */
    public List<StepRow> firingBefore(Instant cutoff) {
        return store.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + StepRow.COLUMNS
                    + " FROM escalation_step WHERE status = 'FIRING' AND fired_at <= ?")) {
                select.setObject(1, Json.utc(cutoff));
                return rows(select);
            }
        });
    }

    /** Replaces the incident's scheduled steps by {@code plan}, timed from {@code from}. */
    static void schedule(Connection connection, String incidentId, String decisionId, List<PlannedStep> plan, Instant from)
            throws SQLException {
        cancel(connection, incidentId, "REPLACED", "");
        for (int i = 0; i < plan.size(); i++) {
            PlannedStep step = plan.get(i);
            insert(connection, incidentId, decisionId, i, step.role(), step.contact(), step.channel(), step.condition(),
                    step.repeatEveryMinutes(), from.plus(Duration.ofMinutes(step.afterMinutes())));
        }
    }

    static boolean hasSteps(Connection connection, String incidentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM escalation_step WHERE incident_id = ? LIMIT 1")) {
            select.setString(1, incidentId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Acknowledgement stops the paging steps (pages, and anything waiting for a response); resolution stops all. */
    static void stopFor(Connection connection, String incidentId, String incidentStatus) throws SQLException {
        cancel(connection, incidentId, "CANCELLED", "RESOLVED".equals(incidentStatus) ? ""
                : " AND (channel = 'PAGE' OR fire_condition = 'NO_RESPONSE')");
    }

    private static void cancel(Connection connection, String incidentId, String status, String which) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE escalation_step SET status = ? "
                + "WHERE incident_id = ? AND status = 'SCHEDULED'" + which)) {
            update.setString(1, status);
            update.setString(2, incidentId);
            update.executeUpdate();
        }
    }

    private static void insert(Connection connection, String incidentId, String decisionId, int index, String role,
                               String contact, String channel, String condition, Integer repeat, Instant due)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation_step (" + StepRow.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SCHEDULED', NULL, NULL)")) {
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

    private void setStatus(Connection connection, String id, String status, Instant firedAt, ObjectNode outcome)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE escalation_step SET status = ?, fired_at = ?, outcome = ? WHERE id = ?")) {
            update.setString(1, status);
            update.setObject(2, Json.utc(firedAt));
            update.setString(3, Json.write(json, outcome));
            update.setString(4, id);
            update.executeUpdate();
        }
    }

    /** The normalised facts of the incident's latest and previous decisions (MissingNode where there is none). */
    private List<JsonNode> latestFacts(Connection connection, String incidentId) throws SQLException {
        List<JsonNode> facts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT body FROM audit_record "
                + "WHERE incident_id = ? AND kind = 'DECISION' ORDER BY seq DESC LIMIT 2")) {
            select.setString(1, incidentId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    facts.add(Json.read(json, rs.getString(1)).path("facts"));
                }
            }
        }
        while (facts.size() < 2) {
            facts.add(json.missingNode());
        }
        return facts;
    }

    private List<StepRow> rows(PreparedStatement select) throws SQLException {
        return Rows.all(select, rs -> StepRow.read(rs, json));
    }
}
