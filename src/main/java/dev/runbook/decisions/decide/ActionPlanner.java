package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Risk;

/**
 * Turns proposed actions into the ordered plan: sorted by their {@code order}, the same action proposed twice kept
 * once (a flowchart may route two sections to one step), each completed from dmn/action-catalogue.dmn with its
 * target kind, risk and whether it may be executed.
 */
final class ActionPlanner {

    static final String CATALOGUE = "action-catalogue";

    private final ModelRegistry registry;

    ActionPlanner(ModelRegistry registry) {
        this.registry = registry;
    }

    Plan plan(List<ProposedAction> proposals, String namespace, String service) {
        List<ProposedAction> ordered = distinct(proposals.stream()
                .sorted(Comparator.comparingInt(ProposedAction::getOrder)).toList());
        List<Map<String, Object>> entries = ordered.stream().map(ActionPlanner::catalogueEntry).toList();
        ModelResult catalogue = registry.required(CATALOGUE).evaluate(Map.of("actions", entries));
        if (!catalogue.errors().isEmpty()) {
            throw new ModelEvaluationException(CATALOGUE, catalogue.errors());
        }
        List<?> properties = (List<?>) catalogue.decisions().get("actionProperties");
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            actions.add(complete(ordered.get(i), (Map<?, ?>) properties.get(i), namespace, service));
        }
        return new Plan(actions, catalogue.rows());
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
