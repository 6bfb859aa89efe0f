package dev.runbook.decisions.act;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.audit.AuditChain;
import dev.runbook.decisions.audit.AuditRecord;
import dev.runbook.decisions.audit.IncidentState;
import dev.runbook.decisions.audit.Incidents;
import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.domain.StepStatus;
import dev.runbook.decisions.store.EscalationSteps;
import dev.runbook.decisions.store.Json;
import dev.runbook.decisions.store.Rows;
import dev.runbook.decisions.store.StepRow;
import dev.runbook.decisions.store.Store;

/**
 * The timed escalation steps of incidents. Due steps are claimed with {@code FOR UPDATE SKIP LOCKED}: each replica
 * takes different rows and a claimed step is marked FIRING in the same transaction, so a step fires once however many
 * replicas tick. A claim is one step, taken just before it is sent (see {@link Escalations}). Scheduling and cancelling happen inside the audit log's transactions (see {@link AuditLog}).
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

    /**
     * Due steps locked per claim: the first that still applies is claimed and the rest are released at commit, so a
     * run of skipped steps costs one transaction, not one each. Steps past the first firing one stay SCHEDULED.
     */
    private static final int CLAIM_LOOKAHEAD = 10;

    private final Store store;
    private final EscalationSteps steps;
    private final ObjectMapper json;
    private final ActMetrics metrics;

    public EscalationLedger(Store store, EscalationSteps steps, ObjectMapper json, ActMetrics metrics) {
        this.store = store;
        this.steps = steps;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Claims the next step due at {@code now} that {@code judge} lets fire, marking it FIRING; due steps it skips are
     * marked SKIPPED on the way. Empty when nothing is due (or every due step is held by another replica).
     */
    public Optional<DueStep> claimNext(Instant now, StepJudge judge) {
        return store.inTransaction(connection -> {
            for (StepRow step : steps.lockDue(connection, now, CLAIM_LOOKAHEAD)) {
                IncidentState incident = Incidents.find(connection, step.incidentId());
                List<JsonNode> facts = latestFacts(connection, step.incidentId());
                String skip = judge.skipReason(step, incident, facts.get(0), facts.get(1));
                steps.setStatus(connection, step.id(), skip == null ? StepStatus.FIRING : StepStatus.SKIPPED, now,
                        skip == null ? null : json.createObjectNode().put("reason", skip));
                if (step.repeatEveryMinutes() != null && incident.status() != IncidentStatus.RESOLVED) {
                    steps.repeat(connection, step);
                }
                if (skip == null) {
                    return Optional.of(new DueStep(step, incident));
                }
            }
            return Optional.empty();
        });
    }

    /** Records how a claimed step went (FIRED, FAILED, UNKNOWN), with an audit record on its incident. */
    public void finish(StepRow step, StepStatus status, ObjectNode outcome) {
        store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHead(connection);
            steps.setStatus(connection, step.id(), status, step.firedAt() != null ? step.firedAt() : head.now(), outcome);
            ObjectNode content = json.valueToTree(step);
            content.put("status", status.name()).put("note", step.summary() + ": " + outcome.path("message").asText(status.name()));
            content.set("outcome", outcome);
            AuditChain.append(connection, head, AuditRecord.draft(UUID.randomUUID().toString(), status.recordKind(),
                    "runbook", step.incidentId(), null, null, null, null, Json.write(json, content)));
            return null;
        });
        metrics.escalationStepFinished(step, status);
    }

    /**
     * The roles paged for an incident that have not yet had {@code followUp} (PAGE_ACKNOWLEDGE, PAGE_RESOLVE) sent:
     * each had a PAGE step fire, and no audit record of that follow-up names them.
     */
    public List<String> pagedRolesWithout(String incidentId, RecordKind followUp) {
        return store.inTransaction(c -> {
            List<String> roles = steps.pagedRoles(c, incidentId);
            try (PreparedStatement select = c.prepareStatement("SELECT body FROM audit_record WHERE incident_id = ? AND kind = ?")) {
                select.setString(1, incidentId);
                select.setString(2, followUp.name());
                List<String> done = Rows.all(select, rs -> Json.read(json, rs.getString(1)).path("role").asText());
                return roles.stream().filter(role -> !done.contains(role)).toList();
            }
        });
    }

    /** Records a page follow-up (PAGE_ACKNOWLEDGE, PAGE_RESOLVE) sent for {@code role}, with how the delivery went. */
    public void recordFollowUp(String incidentId, String role, RecordKind followUp, ObjectNode outcome) {
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

    /** Steps due before {@code cutoff} and not fired yet, in the whole cluster. */
    public long overdue(Instant cutoff) {
        return store.inTransaction(c -> steps.overdue(c, cutoff));
    }

    /** Steps claimed before {@code cutoff} whose outcome was never recorded: their replica died while firing them. */
    public List<StepRow> firingBefore(Instant cutoff) {
        return store.inTransaction(c -> steps.firingBefore(c, cutoff));
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
}
