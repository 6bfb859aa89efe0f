package dev.runbook.decisions.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionState;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Mode;
import dev.runbook.decisions.domain.Risk;

/**
 * One action of an incident's plan as the store holds it: the action as planned, the incident and decision it
 * belongs to, the mode it ran in, and its {@link ActionState}. Read as JSON (API, audit records) it is one flat
 * object: the target's kind, namespace and name, then the state's fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "incidentId", "decisionId", "planIndex", "type", "targetKind", "namespace", "targetName",
        "params", "risk", "reason", "mode", "state"})
public record ActionRow(String id, @JsonIgnore String actionKey, String incidentId, String decisionId, int planIndex,
                        @JsonIgnore Action action, Mode mode, @JsonUnwrapped ActionState state) {

    public static final String COLUMNS = "id, action_key, incident_id, decision_id, plan_index, action_type, target_kind, namespace, "
            + "target_name, params, risk, reason, mode, status, guard, held_by, message, before_state, expected, after_state, "
            + "attempts, decided_by, created_at, started_at, finished_at, expires_at";

    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() { };

    public static ActionRow read(ResultSet rs, ObjectMapper json) throws SQLException {
        Action action = new Action(ActionType.valueOf(rs.getString("action_type")),
                new Action.Target(rs.getString("target_kind"), rs.getString("namespace"), rs.getString("target_name")),
                json.convertValue(Json.read(json, rs.getString("params")), PARAMS), true,
                Risk.valueOf(rs.getString("risk")), rs.getString("reason"));
        ActionState state = new ActionState(ActionStatus.valueOf(rs.getString("status")), rs.getString("guard"),
                rs.getString("held_by"), rs.getString("message"), Json.read(json, rs.getString("before_state")),
                Json.read(json, rs.getString("expected")), Json.read(json, rs.getString("after_state")),
                Json.read(json, rs.getString("attempts")), rs.getString("decided_by"), Json.instant(rs, "created_at"),
                Json.instant(rs, "started_at"), Json.instant(rs, "finished_at"), Json.instant(rs, "expires_at"));
        return new ActionRow(rs.getString("id"), rs.getString("action_key"), rs.getString("incident_id"),
                rs.getString("decision_id"), rs.getInt("plan_index"), action, Mode.valueOf(rs.getString("mode")), state);
    }

    /** The same action, moved to {@code next}. */
    public ActionRow with(ActionState next) {
        return new ActionRow(id, actionKey, incidentId, decisionId, planIndex, action, mode, next);
    }

    public ActionStatus status() {
        return state.status();
    }

    @JsonProperty
    ActionType type() {
        return action.type();
    }

    @JsonProperty
    String targetKind() {
        return action.target().kind();
    }

    @JsonProperty
    String namespace() {
        return action.target().namespace();
    }

    @JsonProperty
    String targetName() {
        return action.target().name();
    }

    @JsonProperty
    Map<String, Object> params() {
        return action.params();
    }

    @JsonProperty
    Risk risk() {
        return action.risk();
    }

    @JsonProperty
    String reason() {
        return action.reason();
    }

    /** A short line for the incident timeline: "SCALE default/ml-model-api: message". */
    public String summary() {
        return action.type() + " " + action.target() + (state.message() == null ? "" : ": " + state.message());
    }
}
