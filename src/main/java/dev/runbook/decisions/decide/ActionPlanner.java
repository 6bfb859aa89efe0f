package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.Arrays;
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
 * Turns proposed actions into the ordered plan: ranked by dmn/action-catalogue.dmn ({@code planRank}: by section,
 * or by type for communication actions), keeping the order the proposals arrive in within one rank (rules in
 * declaration order, each rule's proposals in the order it made them); the same action proposed twice kept once,
 * at its first place (a flowchart may route two sections to one step); each completed from the catalogue's
 * {@code propertiesOf} with its target kind, risk and whether it may be executed.
 */
final class ActionPlanner {

    static final String CATALOGUE = "action-catalogue";
    static final String PROPERTIES = "propertiesOf";
    static final String RANK = "planRank";
    /** What the planner gives the catalogue for each action (besides the fact models' decisions it may read). */
    private static final List<String> ACTION_INPUTS = List.of("type", "section", "replicas");

    /**
     * Fails, naming what is missing, when {@code catalogue} does not decide on one action at a time: a version of the
     * shape before 2026-11-28 (a business knowledge model over a list of actions) must not be installed by a rollback.
     */
    static void checkShape(DmnModel catalogue) {
        List<String> missing = new ArrayList<>();
        ACTION_INPUTS.stream().filter(input -> !catalogue.inputNames().contains(input)).forEach(input -> missing.add("input '" + input + "'"));
        List.of(PROPERTIES, RANK).stream().filter(d -> !catalogue.decisionNames().contains(d)).forEach(d -> missing.add("decision '" + d + "'"));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("dmn/" + CATALOGUE + ".dmn does not decide on one action at a time: it lacks "
                    + String.join(", ", missing));
        }
    }

    private final ModelSet models;

    ActionPlanner(ModelSet models) {
        this.models = models;
    }

    /**
     * {@code context}: the decisions of the fact models, which the catalogue may read (the remediation thresholds).
     * The catalogue decides on one action at a time, evaluated once per distinct proposal: its tables are top-level
     * decisions, because a table called as a business knowledge model from a FEEL {@code for} loop copied the whole
     * FEEL scope, built-in functions included, on every call (two thirds of a decision's allocation). Each planned
     * action keeps its own proposal's rank, properties and rows, so the explanation shows one row of each table per
     * planned action, table by table.
     */
    Plan plan(List<ProposedAction> proposals, Map<String, Object> context, String namespace, String service) {
        List<ModelResult> entries = catalogue(proposals, context);
        List<Integer> planned = plannedIndexes(proposals, entries);
        List<Action> actions = new ArrayList<>(planned.size());
        planned.forEach(i -> actions.add(complete(proposals.get(i), (Map<?, ?>) entries.get(i).decisions().get(PROPERTIES),
                namespace, service)));
        return new Plan(actions, rowsByTable(planned.stream().map(entries::get).toList()));
    }

    /** The proposals in plan order, each action once. */
    List<ProposedAction> ordered(List<ProposedAction> proposals, Map<String, Object> context) {
        return plannedIndexes(proposals, catalogue(proposals, context)).stream().map(proposals::get).toList();
    }

    /** The indexes of the proposals in plan order (stable within a rank), each action at its first place only. */
    private static List<Integer> plannedIndexes(List<ProposedAction> proposals, List<ModelResult> entries) {
        List<Integer> sorted = IntStream.range(0, proposals.size()).boxed()
                .sorted(Comparator.comparingInt(i -> rank(proposals.get(i), entries.get(i).decisions().get(RANK)))).toList();
        Map<List<Object>, Integer> unique = new LinkedHashMap<>();
        for (int i : sorted) {
            ProposedAction action = proposals.get(i);
            unique.putIfAbsent(List.of(action.getType(), Objects.toString(action.getTargetNamespace()),
                    Objects.toString(action.getTargetName()), action.getParams()), i);
        }
        return List.copyOf(unique.values());
    }

    /**
     * The matched rows of the planned actions, table by table in the order the model evaluates its tables, each
     * table's rows in plan order; every table must match exactly one row per action (FIRST or UNIQUE), or the plan fails.
     */
    private static List<Explanation> rowsByTable(List<ModelResult> planned) {
        Map<String, List<Explanation>> byTable = new LinkedHashMap<>();
        planned.forEach(entry -> entry.rows().forEach(row -> byTable.computeIfAbsent(row.decision(), d -> new ArrayList<>()).add(row)));
        List<Explanation> rows = new ArrayList<>();
        byTable.forEach((table, matched) -> {
            if (matched.size() != planned.size()) {
                throw new ModelEvaluationException(CATALOGUE, List.of("'" + table + "' matched " + matched.size() + " rows for "
                        + planned.size() + " actions: one row per action expected"));
            }
            rows.addAll(matched);
        });
        return rows;
    }

    private static int rank(ProposedAction action, Object rank) {
        if (!(rank instanceof Number number)) {
            throw new IllegalStateException("dmn/" + CATALOGUE + ".dmn gives no plan rank to " + action.getType()
                    + " of section " + action.getSection());
        }
        return number.intValue();
    }

    /**
     * The catalogue's answer for each proposal, in order; proposals alike in what the catalogue reads share one
     * evaluation, within this decision and with every earlier decision of the same model set ({@link ModelSet#catalogueMemo()}).
     */
    private List<ModelResult> catalogue(List<ProposedAction> proposals, Map<String, Object> context) {
        DmnModel catalogue = models.required(CATALOGUE);
        Map<String, Object> inputs = new HashMap<>(context);
        Map<List<Object>, ModelResult> byEntry = new HashMap<>();
        List<ModelResult> entries = new ArrayList<>(proposals.size());
        for (ProposedAction action : proposals) {
            Object replicas = action.getParams().get("replicas");
            entries.add(byEntry.computeIfAbsent(Arrays.asList(action.getType(), action.getSection(), replicas), key -> {
                inputs.put("type", action.getType());
                inputs.put("section", action.getSection());
                inputs.put("replicas", replicas);
                ModelResult entry = catalogue.evaluate(inputs, models.catalogueMemo());
                if (!entry.errors().isEmpty()) {
                    throw new ModelEvaluationException(CATALOGUE, entry.errors());
                }
                return entry;
            }));
        }
        return entries;
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
