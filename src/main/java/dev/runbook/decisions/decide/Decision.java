package dev.runbook.decisions.decide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.act.ActionRun;
import dev.runbook.decisions.audit.IncidentRef;

/**
 * The answer to one incident: severity, plan, escalation, why, the incident it belongs to, and (unless only advising)
 * what carrying out the plan did. Field names are the public API.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(String decisionId, Instant evaluatedAt, String incidentType, String severity,
                       Integer responseTimeMinutes, List<EscalationStep> escalation, List<Action> actions,
                       List<ChecklistItem> checklist, Recovery recovery, Postmortem postmortem,
                       List<Explanation> explanation, IncidentRef incident, List<ActionRun> execution) {

    /** The same decision, explained also by {@code first} (the rows that routed an alert to its facts). */
    public Decision explainedFirstBy(List<Explanation> first) {
        List<Explanation> all = new ArrayList<>(first);
        all.addAll(explanation);
        return new Decision(decisionId, evaluatedAt, incidentType, severity, responseTimeMinutes, escalation, actions,
                checklist, recovery, postmortem, all, incident, execution);
    }

    /** The same decision, with the incident the audit log attached it to. */
    public Decision withIncident(IncidentRef ref) {
        return new Decision(decisionId, evaluatedAt, incidentType, severity, responseTimeMinutes, escalation, actions,
                checklist, recovery, postmortem, explanation, ref, execution);
    }

    /** The same decision, with what carrying out its plan did (dry-run or execute mode). */
    public Decision withExecution(List<ActionRun> runs) {
        return new Decision(decisionId, evaluatedAt, incidentType, severity, responseTimeMinutes, escalation, actions,
                checklist, recovery, postmortem, explanation, incident, runs);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EscalationStep(String role, String contact, String channel, Integer afterMinutes, String condition,
                                 Integer repeatEveryMinutes) {
    }

    public record Action(String type, Target target, Map<String, Object> params, boolean automatable, String risk,
                         String reason) {
    }

    public record Target(String kind, String namespace, String name) {
    }

    public record ChecklistItem(String phase, String item) {
    }

    public record Recovery(Double errorRateBelow, Double latencyP95SecondsBelow, Integer monitorMinutes) {
    }

    public record Postmortem(boolean required, Integer withinHours) {
    }
}
