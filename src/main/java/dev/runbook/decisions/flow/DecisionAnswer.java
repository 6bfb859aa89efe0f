package dev.runbook.decisions.flow;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.runbook.decisions.act.ActionRun;
import dev.runbook.decisions.audit.IncidentRef;
import dev.runbook.decisions.decide.Decision;

/**
 * What POST /api/v1/decisions answers: the decision's own fields, then the incident the audit log attached it to and,
 * unless only advising, what carrying out its plan did ({@code execution}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionAnswer(@JsonUnwrapped Decision decision, IncidentRef incident, List<ActionRun> execution) {

    DecisionAnswer withExecution(List<ActionRun> runs) {
        return new DecisionAnswer(decision, incident, runs);
    }
}
