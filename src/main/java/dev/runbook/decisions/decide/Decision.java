package dev.runbook.decisions.decide;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionType;
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

    /**
     * What this decision comes to when two are compared (a what-if, a shadow): no ids, times or prose. Parameter
     * numbers are put in one form, so a decision read back from its record equals the same decision taken now.
     */
    public Outcome outcome() {
        return new Outcome(severity, incidentType, actions == null ? List.of() : actions.stream()
                .map(a -> new PlannedAction(a.type(), a.target(), canonical(a.params()))).toList(),
                escalation == null ? List.of() : escalation);
    }

    /** Numbers as the smallest exact form (10, 10.0 and 1E+1 alike become 10; 0.50 becomes 0.5), maps sorted. */
    @SuppressWarnings("unchecked")
    private static <T> T canonical(T value) {
        if (value instanceof Number number && !(value instanceof Long)) {
            BigDecimal exact = new BigDecimal(number.toString()).stripTrailingZeros();
            return (T) (exact.scale() <= 0 && exact.precision() - exact.scale() < 19 ? (Object) exact.longValueExact() : exact);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(k, canonical(v)));
            return (T) sorted;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(Decision::canonical).toList();
        }
        return value;
    }

    /** Severity, type, the actions (type, target and parameters, in plan order) and every escalation step. */
    public record Outcome(Severity severity, IncidentType incidentType, List<PlannedAction> actions,
                          List<EscalationStep> escalation) {
    }

    /** An action of the plan without its prose: what would be done, to what. */
    public record PlannedAction(ActionType type, Action.Target target, Map<String, Object> params) {
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
