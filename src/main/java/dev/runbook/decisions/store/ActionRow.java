package dev.runbook.decisions.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.Mode;

/**
 * One action of an incident's plan as the store holds it: what, on which target, in which mode, and where it got to
 * (STARTED, SUCCEEDED, FAILED, UNKNOWN, REFUSED by {@code guard}, AWAITING_APPROVAL, HELD behind {@code heldBy},
 * REJECTED, EXPIRED, DRY_RUN), with the target's observed state before and after and each delivery attempt.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionRow(String id, @JsonIgnore String actionKey, String incidentId, String decisionId, int planIndex,
                        String type, String targetKind, String namespace, String targetName, JsonNode params, String risk,
                        Mode mode, ActionStatus status, String guard, String heldBy, String message, JsonNode before,
                        JsonNode expected, JsonNode after, JsonNode attempts, String decidedBy, Instant createdAt,
                        Instant startedAt, Instant finishedAt, Instant expiresAt) {

    public static final String COLUMNS = "id, action_key, incident_id, decision_id, plan_index, action_type, target_kind, namespace, "
            + "target_name, params, risk, mode, status, guard, held_by, message, before_state, expected, after_state, "
            + "attempts, decided_by, created_at, started_at, finished_at, expires_at";


    public static ActionRow read(ResultSet rs, ObjectMapper json) throws SQLException {
        return new ActionRow(rs.getString("id"), rs.getString("action_key"), rs.getString("incident_id"),
                rs.getString("decision_id"), rs.getInt("plan_index"), rs.getString("action_type"), rs.getString("target_kind"),
                rs.getString("namespace"), rs.getString("target_name"), Json.read(json, rs.getString("params")),
                rs.getString("risk"), Mode.valueOf(rs.getString("mode")), ActionStatus.valueOf(rs.getString("status")), rs.getString("guard"),
                rs.getString("held_by"), rs.getString("message"), Json.read(json, rs.getString("before_state")),
                Json.read(json, rs.getString("expected")), Json.read(json, rs.getString("after_state")),
                Json.read(json, rs.getString("attempts")), rs.getString("decided_by"), Json.instant(rs, "created_at"),
                Json.instant(rs, "started_at"), Json.instant(rs, "finished_at"), Json.instant(rs, "expires_at"));
    }

    /** A short line for the incident timeline: "SCALE default/ml-model-api: message". */
    public String summary() {
        String target = namespace == null ? targetName : namespace + "/" + targetName;
        return type + " " + target + (message == null ? "" : ": " + message);
    }
}
