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
    private final ModelMemo memo;

    ActionPlanner(ModelSet models) {
        this(models, ModelMemo.NONE);
    }

    ActionPlanner(ModelSet models, ModelMemo memo) {
        this.models = models;
        this.memo = memo;
    }

    /**
     * {@code context}: the decisions of the fact models, which the catalogue may read (the remediation thresholds).
     * The catalogue is evaluated once, on the proposals; each planned action keeps its own proposal's rank,
     * properties and rows, so the explanation shows one catalogue row of each table per planned action. (Each
     * proposal costs a business knowledge model call per table, several times a whole small model each.)
     */
    Plan plan(List<ProposedAction> proposals, Map<String, Object> context, String namespace, String service) {
        ModelResult catalogue = evaluate(proposals, context);
        List<?> properties = (List<?>) catalogue.decisions().get("actionProperties");
        List<Integer> planned = plannedIndexes(proposals, (List<?>) catalogue.decisions().get("planOrder"));
        List<Action> actions = new ArrayList<>();
        planned.forEach(i -> actions.add(complete(proposals.get(i), (Map<?, ?>) properties.get(i), namespace, service)));
        List<Explanation> rows = new ArrayList<>();
        for (List<Explanation> table : rowsByTable(catalogue, proposals.size())) {
            planned.forEach(i -> rows.add(table.get(i)));
        }
        return new Plan(actions, rows);
    }

    /** The proposals in plan order, each action once. */
    List<ProposedAction> ordered(List<ProposedAction> proposals, Map<String, Object> context) {
        List<?> ranks = (List<?>) evaluate(proposals, context).decisions().get("planOrder");
        return plannedIndexes(proposals, ranks).stream().map(proposals::get).toList();
    }

    /** The indexes of the proposals in plan order (stable within a rank), each action at its first place only. */
    private static List<Integer> plannedIndexes(List<ProposedAction> proposals, List<?> ranks) {
        List<Integer> sorted = IntStream.range(0, proposals.size()).boxed()
                .sorted(Comparator.comparingInt(i -> rank(proposals.get(i), ranks.get(i)))).toList();
        Map<List<Object>, Integer> unique = new LinkedHashMap<>();
        for (int i : sorted) {
            ProposedAction action = proposals.get(i);
            unique.putIfAbsent(List.of(action.getType(), Objects.toString(action.getTargetNamespace()),
                    Objects.toString(action.getTargetName()), action.getParams()), i);
        }
        return List.copyOf(unique.values());
    }

    /**
     * The matched rows of each catalogue table, in the order the model evaluated the tables; row i of a table is the
     * one proposal i matched (a table called once per proposal, FIRST or UNIQUE: one row each, or the plan fails).
     */
    private static List<List<Explanation>> rowsByTable(ModelResult catalogue, int proposals) {
        Map<String, List<Explanation>> byTable = new LinkedHashMap<>();
        catalogue.rows().forEach(row -> byTable.computeIfAbsent(row.decision(), d -> new ArrayList<>()).add(row));
        byTable.forEach((table, rows) -> {
            if (rows.size() != proposals) {
                throw new ModelEvaluationException(CATALOGUE, List.of("'" + table + "' matched " + rows.size() + " rows for "
                        + proposals + " actions: one row per action expected"));
            }
        });
        return List.copyOf(byTable.values());
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
        ModelResult catalogue = models.required(CATALOGUE).evaluate(inputs, memo);
        if (!catalogue.errors().isEmpty()) {
            throw new ModelEvaluationException(CATALOGUE, catalogue.errors());
        }
        return catalogue;
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
