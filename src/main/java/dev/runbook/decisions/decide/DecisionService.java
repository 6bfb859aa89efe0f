package dev.runbook.decisions.decide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;
import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * Facts in, decision out. Runs the fact models in the order of their requirement graph, each adding its decisions
 * to the context the next one reads, then the remediation rules, then plans the actions. It orchestrates; the
 * models decide, and {@link ModelContract} says what is read from them.
 */
@Singleton
public class DecisionService {

    private final ModelRegistry registry;

    public DecisionService(ModelRegistry registry) {
        this.registry = registry;
    }

    /** Decides with the models published now. */
    public Decision decide(IncidentFacts facts) {
        return decide(registry.current(), facts);
    }

    /** Decides with {@code models} only: a snapshot taken once for the whole decision, or a draft's set. */
    public Decision decide(ModelSet models, IncidentFacts facts) {
        return decide(models, facts, ModelMemo.NONE);
    }

    /** As {@link #decide(ModelSet, IncidentFacts)}, each model answered from {@code memo} when it already ran on the same inputs. */
    public Decision decide(ModelSet models, IncidentFacts facts, ModelMemo memo) {
        FactModels.Run run = models.factModels().run(facts.values(), memo);
        Map<String, Object> context = run.context();
        List<Explanation> explanation = new ArrayList<>(run.rows());
        Incident incident = ModelContract.incident(context);
        RuleOutcome outcome = models.rules().evaluate(incident, ModelContract.REMEDIATION_THRESHOLDS.from(context));
        explanation.addAll(outcome.firedRules());
        List<ProposedAction> proposals = new ArrayList<>(communicationActions(run));
        proposals.addAll(outcome.actions());
        ActionPlanner.Plan plan = new ActionPlanner(models).plan(proposals, context, incident.getNamespace(), incident.getService());
        explanation.addAll(plan.rows());
        return new Decision(UUID.randomUUID().toString(), Instant.now(), IncidentType.valueOf(incident.getIncidentType()),
                Severity.valueOf(incident.getSeverity()),
                ModelContract.RESPONSE_TIME_MINUTES.from(context), ModelContract.ESCALATION.from(context), plan.actions(),
                ModelContract.CHECKLIST.from(context), ModelContract.RECOVERY.from(context), ModelContract.POSTMORTEM.from(context),
                explanation);
    }

    /** Communication rows become proposals like the rules' ones, of no section; every output column but type is a param. */
    private static List<ProposedAction> communicationActions(FactModels.Run run) {
        List<Map<String, Object>> rows = ModelContract.COMMUNICATION_ACTIONS.from(run.context());
        List<String> reasons = run.annotationsOf(ModelContract.COMMUNICATION_ACTIONS.decision());
        List<ProposedAction> actions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ProposedAction action = new ProposedAction((String) rows.get(i).get("type"), null, null, reasons.get(i));
            rows.get(i).forEach((column, value) -> {
                if (value != null && !"type".equals(column)) {
                    action.param(column, value);
                }
            });
            actions.add(action);
        }
        return actions;
    }
}
