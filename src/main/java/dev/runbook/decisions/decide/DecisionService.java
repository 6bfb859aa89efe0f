package dev.runbook.decisions.decide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;



/**
 * Facts in, decision out. Runs the DMN models in dependency order, each adding its decisions to the context the
 * next one reads, then the remediation rules, then plans the actions. It orchestrates; the models decide.
 */
@Singleton
public class DecisionService {

    /** In the order they depend on each other: classification feeds severity, severity feeds escalation, ... */
    public static final List<String> FACT_MODELS = List.of("classification", "severity", "escalation", "communication",
            "recovery", "remediation-thresholds");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ModelRegistry registry;
    private final ActionPlanner planner;

    public DecisionService(ModelRegistry registry) {
        this.registry = registry;
        this.planner = new ActionPlanner(registry);
    }

    public Decision decide(IncidentFacts facts) {
        Map<String, Object> context = new HashMap<>(facts.values());
        List<Explanation> explanation = new ArrayList<>();
        Map<String, ModelResult> results = new HashMap<>();
        for (String name : FACT_MODELS) {
            ModelResult result = evaluate(name, context);
            context.putAll(result.decisions());
            explanation.addAll(result.rows());
            results.put(name, result);
        }
        Incident incident = MAPPER.convertValue(context, Incident.class);
        RuleOutcome outcome = registry.rules().evaluate(incident, Setting.fromRows(context.get("remediationSettings")));
        explanation.addAll(outcome.firedRules());
        List<ProposedAction> proposals = new ArrayList<>(communicationActions(results.get("communication")));
        proposals.addAll(outcome.actions());
        ActionPlanner.Plan plan = planner.plan(proposals, incident.getNamespace(), incident.getService());
        explanation.addAll(plan.rows());
        return new Decision(UUID.randomUUID().toString(), Instant.now(), incident.getIncidentType(), incident.getSeverity(),
                convert(context.get("responseTimeMinutes"), new TypeReference<Integer>() { }),
                convert(context.get("escalation"), new TypeReference<List<Decision.EscalationStep>>() { }),
                plan.actions(),
                convert(context.get("checklist"), new TypeReference<List<Decision.ChecklistItem>>() { }),
                convert(context.get("recovery"), new TypeReference<Decision.Recovery>() { }),
                convert(context.get("postmortem"), new TypeReference<Decision.Postmortem>() { }),
                explanation, null, null);
    }

    private ModelResult evaluate(String name, Map<String, Object> context) {
        ModelResult result = registry.required(name).evaluate(context);
        if (!result.errors().isEmpty()) {
            throw new ModelEvaluationException(name, result.errors());
        }
        return result;
    }

    /** Communication rows become proposals like the rules' ones, of no section; every output column but type is a param. */
    private static List<ProposedAction> communicationActions(ModelResult communication) {
        List<?> rows = (List<?>) communication.decisions().get("communicationActions");
        List<String> reasons = communication.annotationsOf("communicationActions");
        List<ProposedAction> actions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<?, ?> row = (Map<?, ?>) rows.get(i);
            ProposedAction action = new ProposedAction((String) row.get("type"), null, null, reasons.get(i));
            row.forEach((column, value) -> {
                if (value != null && !"type".equals(column)) {
                    action.param((String) column, value);
                }
            });
            actions.add(action);
        }
        return actions;
    }

    private static <T> T convert(Object value, TypeReference<T> type) {
        return value == null ? null : MAPPER.convertValue(value, type);
    }
}
