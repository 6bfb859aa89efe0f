package dev.runbook.decisions.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.domain.StepStatus;

/** A timed escalation step of an incident, and where it got to ({@link StepStatus}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRow(String id, String incidentId, String decisionId, int stepIndex, String role, String contact,
                      String channel, String condition, Integer repeatEveryMinutes, Instant dueAt, StepStatus status,
                      Instant firedAt, JsonNode outcome) {

    public static final String COLUMNS = "id, incident_id, decision_id, step_index, role_name, contact, channel, fire_condition, "
            + "repeat_minutes, due_at, status, fired_at, outcome";

    public static StepRow read(ResultSet rs, ObjectMapper json) throws SQLException {
        int repeat = rs.getInt("repeat_minutes");
        Integer repeatEvery = rs.wasNull() ? null : repeat;
        return new StepRow(rs.getString("id"), rs.getString("incident_id"), rs.getString("decision_id"),
                rs.getInt("step_index"), rs.getString("role_name"), rs.getString("contact"), rs.getString("channel"),
                rs.getString("fire_condition"), repeatEvery, Json.instant(rs, "due_at"),
                StepStatus.valueOf(rs.getString("status")), Json.instant(rs, "fired_at"), Json.read(json, rs.getString("outcome")));
    }

    /** "PAGE TECH_LEAD (@ml-tech-lead) if NOT_IMPROVING" for the timeline. */
    public String summary() {
        return channel + " " + role + (contact == null ? "" : " (" + contact + ")") + " if " + condition;
    }
}
