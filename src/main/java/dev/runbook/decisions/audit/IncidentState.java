package dev.runbook.decisions.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An incident as stored ({@code openedSeq}: the audit record that opened it), with its timeline when asked for one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentState(String id, String dedupKey, String status, String service, String namespace,
                            String incidentType, String severity, String currentDecisionId, String previousIncidentId,
                            int decisionCount, long openedSeq, Instant openedAt, Instant updatedAt, Instant acknowledgedAt,
                            String acknowledgedBy, Instant resolvedAt, String resolvedBy, List<TimelineEntry> timeline) {

    static final String COLUMNS = "id, dedup_key, status, service, namespace, incident_type, severity, current_decision_id, "
            + "previous_incident_id, decision_count, opened_at, updated_at, acknowledged_at, acknowledged_by, resolved_at, "
            + "resolved_by, plan_hash, opened_seq";

    static IncidentState read(ResultSet rs) throws SQLException {
        return new IncidentState(rs.getString("id"), rs.getString("dedup_key"), rs.getString("status"),
                rs.getString("service"), rs.getString("namespace"), rs.getString("incident_type"), rs.getString("severity"),
                rs.getString("current_decision_id"), rs.getString("previous_incident_id"), rs.getInt("decision_count"),
                rs.getLong("opened_seq"), instant(rs, "opened_at"), instant(rs, "updated_at"), instant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"), instant(rs, "resolved_at"), rs.getString("resolved_by"), null);
    }

    IncidentState withTimeline(List<TimelineEntry> entries) {
        return new IncidentState(id, dedupKey, status, service, namespace, incidentType, severity, currentDecisionId,
                previousIncidentId, decisionCount, openedSeq, openedAt, updatedAt, acknowledgedAt, acknowledgedBy, resolvedAt,
                resolvedBy, entries);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** One event of an incident: a decision (with what it changed), an acknowledgement or the resolution. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineEntry(long seq, String kind, Instant at, String caller, String recordId, String change,
                                String severity, String note) {
    }
}
