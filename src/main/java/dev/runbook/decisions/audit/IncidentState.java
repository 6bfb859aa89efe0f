package dev.runbook.decisions.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;
import dev.runbook.decisions.store.ActionRow;
import dev.runbook.decisions.store.Json;
import dev.runbook.decisions.store.StepRow;

/**
 * An incident as stored ({@code openedSeq}: the audit record that opened it); asked for alone, with its timeline (every
 * audit record about it), its actions and its escalation steps.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentState(String id, String dedupKey, IncidentStatus status, String service, String namespace,
                            IncidentType incidentType, Severity severity, String currentDecisionId, String previousIncidentId,
                            int decisionCount, long openedSeq, Instant openedAt, Instant updatedAt, Instant acknowledgedAt,
                            String acknowledgedBy, Instant resolvedAt, String resolvedBy, List<TimelineEntry> timeline,
                            List<ActionRow> actions, List<StepRow> escalation) {

    static final String COLUMNS = "id, dedup_key, status, service, namespace, incident_type, severity, current_decision_id, "
            + "previous_incident_id, decision_count, opened_at, updated_at, acknowledged_at, acknowledged_by, resolved_at, "
            + "resolved_by, plan_hash, opened_seq";

    static IncidentState read(ResultSet rs) throws SQLException {
        return new IncidentState(rs.getString("id"), rs.getString("dedup_key"), IncidentStatus.valueOf(rs.getString("status")),
                rs.getString("service"), rs.getString("namespace"), IncidentType.valueOf(rs.getString("incident_type")), Severity.valueOf(rs.getString("severity")),
                rs.getString("current_decision_id"), rs.getString("previous_incident_id"), rs.getInt("decision_count"),
                rs.getLong("opened_seq"), Json.instant(rs, "opened_at"), Json.instant(rs, "updated_at"), Json.instant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"), Json.instant(rs, "resolved_at"), rs.getString("resolved_by"), null, null, null);
    }

    IncidentState withDetails(List<TimelineEntry> entries, List<ActionRow> actionRows, List<StepRow> steps) {
        return new IncidentState(id, dedupKey, status, service, namespace, incidentType, severity, currentDecisionId,
                previousIncidentId, decisionCount, openedSeq, openedAt, updatedAt, acknowledgedAt, acknowledgedBy, resolvedAt,
                resolvedBy, entries, actionRows, steps);
    }

    /**
     * One event of an incident: a decision (with what it changed), an acknowledgement, the resolution, an action's
     * step (ACTION_STARTED, ACTION_SUCCEEDED, ...) or an escalation step's (ESCALATION_FIRED, ...).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineEntry(long seq, String kind, Instant at, String caller, String recordId, String change,
                                String severity, String note) {
    }
}
