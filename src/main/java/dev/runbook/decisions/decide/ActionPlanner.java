package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Risk;

/**
 * Turns proposed actions into the ordered plan: ranked by dmn/action-catalogue.dmn ({@code planOrder}: by section,
 * or by type for communication actions), keeping the order the proposals arrive in within one rank (rules in
 * declaration order, each rule's proposals in the order it made them); the same action proposed twice kept once,
 * at its first place (a flowchart may route two sections to one step); each completed from the catalogue with its
 * target kind, risk and whether it may be executed.
 */
final class ActionPlanner {

    static final String CATALOGUE = "action-catalogue";

    private final ModelSet models;

    ActionPlanner(ModelSet models) {
        this.models = models;
    }

    /** {@code context}: the decisions of the fact models, which the catalogue may read (the remediation thresholds). */
    Plan plan(List<ProposedAction> proposals, Map<String, Object> context, String namespace, String service) {
        List<ProposedAction> ordered = ordered(proposals, context);
        // Evaluated again on the plan itself, so that the explanation shows one catalogue row per planned action.
        ModelResult catalogue = evaluate(ordered, context);
        List<?> properties = (List<?>) catalogue.decisions().get("actionProperties");
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            actions.add(complete(ordered.get(i), (Map<?, ?>) properties.get(i), namespace, service));
        }
        return new Plan(actions, catalogue.rows());
    }

    /** The proposals in plan order, each action once. */
    List<ProposedAction> ordered(List<ProposedAction> proposals, Map<String, Object> context) {
        List<?> ranks = (List<?>) evaluate(proposals, context).decisions().get("planOrder");
        List<ProposedAction> sorted = IntStream.range(0, proposals.size()).boxed()
                .sorted(Comparator.comparingInt(i -> rank(proposals.get(i), ranks.get(i))))
                .map(proposals::get).toList();
        return distinct(sorted);
    }

    private static int rank(ProposedAction action, Object rank) {
        if (!(rank instanceof Number number)) {
            throw new IllegalStateException("dmn/" + CATALOGUE + ".dmn gives no plan rank to " + action.getType()
                    + " of section " + action.getSection());
        }
        return number.intValue();
    }

    private ModelResult evaluate(List<ProposedAction> actions, Map<String, Object> context) {
        Map<String, Object> inputs = new HashMap<>(context);
        inputs.put("actions", actions.stream().map(ActionPlanner::catalogueEntry).toList());
        ModelResult catalogue = models.required(CATALOGUE).evaluate(inputs);
        if (!catalogue.errors().isEmpty()) {
            throw new ModelEvaluationException(CATALOGUE, catalogue.errors());
        }
        return catalogue;
    }

    private static List<ProposedAction> distinct(List<ProposedAction> sorted) {
        Map<List<Object>, ProposedAction> unique = new LinkedHashMap<>();
        for (ProposedAction action : sorted) {
            unique.putIfAbsent(List.of(action.getType(), Objects.toString(action.getTargetNamespace()),
                    Objects.toString(action.getTargetName()), action.getParams()), action);
        }
        return List.copyOf(unique.values());
    }

    private static Map<String, Object> catalogueEntry(ProposedAction action) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("type", action.getType());
        entry.put("section", action.getSection());
        entry.put("replicas", action.getParams().get("replicas"));
        return entry;
    }

    private static Action complete(ProposedAction action, Map<?, ?> properties, String namespace, String service) {
        String kind = (String) properties.get("targetKind");
        Action.Target target = new Action.Target(kind,
                action.getTargetNamespace() != null ? action.getTargetNamespace() : namespace,
                action.getTargetName() != null ? action.getTargetName() : service);
        return new Action(known(ActionType.class, action.getType()), target, action.getParams(),
                Boolean.TRUE.equals(properties.get("automatable")), known(Risk.class, (String) properties.get("risk")),
                action.getReason());
    }

    /** A type or risk the rules or tables name must be one the service knows; anything else is a model error. */
    private static <E extends Enum<E>> E known(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ModelEvaluationException(CATALOGUE, List.of("'" + name + "' is not a known " + type.getSimpleName()));
        }
    }

    record Plan(List<Action> actions, List<Explanation> rows) {
    }
}
