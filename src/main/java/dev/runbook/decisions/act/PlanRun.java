package dev.runbook.decisions.act;

import java.util.List;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.Mode;

/** A decision's plan to carry out in {@code mode} for {@code caller}, on the incident the decision landed on. */
public record PlanRun(String incidentId, String decisionId, Mode mode, String caller,
                      ActionRequest.IncidentContext incident, List<Action> actions) {
}
