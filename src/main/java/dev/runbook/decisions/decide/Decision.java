package dev.runbook.decisions.decide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;

/**
 * What the runbook answers for one incident's facts: severity, plan, escalation and why. Field names are the public
 * API; the incident it lands on and what carrying it out did are added by the flow that records it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(String decisionId, Instant evaluatedAt, IncidentType incidentType, Severity severity,
                       Integer responseTimeMinutes, List<EscalationStep> escalation, List<Action> actions,
                       List<ChecklistItem> checklist, Recovery recovery, Postmortem postmortem,
                       List<Explanation> explanation) {

    /** The same decision, explained also by {@code first} (the rows that routed an alert to its facts). */
    public Decision explainedFirstBy(List<Explanation> first) {
        List<Explanation> all = new ArrayList<>(first);
        all.addAll(explanation);
        return new Decision(decisionId, evaluatedAt, incidentType, severity, responseTimeMinutes, escalation, actions,
                checklist, recovery, postmortem, all);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EscalationStep(String role, String contact, String channel, Integer afterMinutes, String condition,
                                 Integer repeatEveryMinutes) {
    }

    public record ChecklistItem(String phase, String item) {
    }

    public record Recovery(Double errorRateBelow, Double latencyP95SecondsBelow, Integer monitorMinutes) {
    }

    public record Postmortem(boolean required, Integer withinHours) {
    }
}
