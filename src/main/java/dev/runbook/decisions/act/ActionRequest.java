package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.Map;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.domain.Severity;

/**
 * One automatable action to carry out: the plan's action, where it sits in the plan, and the incident it belongs to.
 * {@code requestedAt} makes repeatable what would otherwise depend on the clock (the restart stamp).
 */
public record ActionRequest(String incidentId, String decisionId, int planIndex, Action action,
                            IncidentContext incident, Instant requestedAt) {

    public ActionType type() {
        return action.type();
    }

    public String namespace() {
        return action.target().namespace();
    }

    public String name() {
        return action.target().name();
    }

    public Map<String, Object> params() {
        return action.params();
    }

    public Risk risk() {
        return action.risk();
    }

    /** "namespace/name". */
    public String target() {
        return action.target().toString();
    }

    /** What a notification says about the incident. */
    public record IncidentContext(String service, Severity severity, IncidentType incidentType, String summary) {
    }
}
