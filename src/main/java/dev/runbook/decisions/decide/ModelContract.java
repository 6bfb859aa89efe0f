package dev.runbook.decisions.decide;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.runbook.decisions.ingest.FactSchema;

/**
 * The typed contract between the DMN models and the Java that reads them, checked when the models are loaded, so
 * that a renamed or missing decision, component or input stops the start instead of reaching a rule or an answer
 * as null.
 *
 * <p>Java reads the context the fact models fill: the {@link Incident}'s properties (each an incident fact or a
 * decision) and the decisions listed here as {@link Read}s. The fact models are the models deciding those and the
 * models they read from (an input named like another model's decision is that decision). Their order comes from
 * that requirement graph: a model after every model it reads from (by depth), models of one depth by name.
 */
public final class ModelContract {

    /** A decision Java reads from the fact models' context, and the Java type it becomes. */
    public record Read<T>(String decision, TypeReference<T> type) {

        /**
         * The decision's result in {@code context} as {@code T}; null when the decision gave none. Read whole: an
         * unknown, missing or null component fails instead of being dropped or read as null ({@link ContextValues}).
         * Numbers stay BigDecimal where the Java type leaves them open (action parameters), as DMN gave them.
         */
        @SuppressWarnings("unchecked")
        public T from(Map<String, Object> context) {
            Object value = context.get(decision);
            return value == null ? null : (T) ContextValues.convert(value, type.getType(), decision);
        }
    }

    public static final Read<Integer> RESPONSE_TIME_MINUTES = new Read<>("responseTimeMinutes", new TypeReference<>() { });
    public static final Read<List<Decision.EscalationStep>> ESCALATION = new Read<>("escalation", new TypeReference<>() { });
    public static final Read<List<Decision.ChecklistItem>> CHECKLIST = new Read<>("checklist", new TypeReference<>() { });
    public static final Read<Decision.Recovery> RECOVERY = new Read<>("recovery", new TypeReference<>() { });
    public static final Read<Decision.Postmortem> POSTMORTEM = new Read<>("postmortem", new TypeReference<>() { });
    /** Communication rows: a type, and parameters that differ by type (so read as a map). */
    public static final Read<List<Map<String, Object>>> COMMUNICATION_ACTIONS = new Read<>("communicationActions", new TypeReference<>() { });
    public static final Read<Thresholds> REMEDIATION_THRESHOLDS = new Read<>("remediationThresholds", new TypeReference<>() { });

    static final List<Read<?>> READS = List.of(RESPONSE_TIME_MINUTES, ESCALATION, CHECKLIST, RECOVERY, POSTMORTEM,
            COMMUNICATION_ACTIONS, REMEDIATION_THRESHOLDS);

    /** The setters of the incident's properties (those it can be given), by property name. */
    private static final Map<String, Method> INCIDENT_SETTERS = incidentSetters();
    /** The properties the incident reads, by name to Java type. */
    private static final Map<String, Type> INCIDENT_PROPERTIES = incidentProperties();

    /** Incident facts enough for every fact model to decide: the check at load evaluates the models on them once. */
    static final Map<String, Object> CHECK_FACTS = checkFacts();

    private ModelContract() {
    }

    /** The incident of a context: the properties it names, which the check guarantees some fact or model provides. */
    public static Incident incident(Map<String, Object> context) {
        Incident incident = new Incident();
        INCIDENT_SETTERS.forEach((property, setter) -> {
            try {
                setter.invoke(incident, ContextValues.convert(context.get(property), INCIDENT_PROPERTIES.get(property), property));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Incident." + setter.getName() + " cannot be called", e);
            }
        });
        return incident;
    }

    /**
     * The fact models of {@code models} (by name) in the order they run, once they are checked against the
     * contract and evaluated on {@link #CHECK_FACTS}: a problem stops the start, naming every problem found.
     */
    static FactModels check(Map<String, DmnModel> models) {
        FactModels factModels = new FactModels(factModelOrder(models).stream().map(models::get).toList());
        checkEvaluation(factModels.run(CHECK_FACTS).context());
        return factModels;
    }

    /**
     * The fact models in the order they run; fails naming every problem: a decision Java reads that no model decides
     * or whose components differ from its Java type, a fact model input that is neither an incident fact nor another
     * model's decision, an input reading components the deciding model does not declare, a decision two models
     * decide or named like a fact, a cycle.
     */
    static List<String> factModelOrder(Map<String, DmnModel> models) {
        List<String> problems = new ArrayList<>();
        List<String> order = factModelOrder(models, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The DMN models do not fit what Java reads from them:\n  " + String.join("\n  ", problems));
        }
        return order;
    }

    /** What {@link #factModelOrder(Map)} would fail on, for a set of models holding a draft: empty when it fits. */
    static List<String> problems(Map<String, DmnModel> models) {
        List<String> problems = new ArrayList<>();
        factModelOrder(models, problems);
        return problems;
    }

    private static List<String> factModelOrder(Map<String, DmnModel> models, List<String> problems) {
        Map<String, String> owners = owners(models, problems);
        Map<String, Type> roots = new LinkedHashMap<>();
        INCIDENT_PROPERTIES.forEach((property, type) -> {
            if (!FactSchema.RULES.containsKey(property)) {
                roots.put(property, type);
            }
        });
        READS.forEach(read -> roots.put(read.decision(), read.type().getType()));
        roots.forEach((decision, type) -> {
            String owner = owners.get(decision);
            if (owner == null) {
                problems.add("Java reads the decision '" + decision + "' (" + type.getTypeName() + "), which no model in dmn/ decides");
            } else {
                checkJavaType(models.get(owner), decision, type, problems);
            }
        });
        Map<String, Set<String>> requires = new TreeMap<>();
        roots.keySet().stream().map(owners::get).filter(Objects::nonNull).forEach(o -> collect(o, models, owners, requires, problems));
        models.values().forEach(model -> checkReaders(model, models, owners, problems));
        return depthOrder(requires, problems);
    }

    /** Every read of a context the fact models filled converts, and gives a result. */
    private static void checkEvaluation(Map<String, Object> context) {
        try {
            incident(context);
            for (Read<?> read : READS) {
                if (read.from(context) == null) {
                    throw new IllegalStateException("the decision '" + read.decision() + "' gives no result");
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("The decisions on the facts " + CHECK_FACTS + " do not fit what Java reads: " + e.getMessage(), e);
        }
    }

    /** Decision name to the model deciding it. */
    private static Map<String, String> owners(Map<String, DmnModel> models, List<String> problems) {
        Map<String, String> owners = new HashMap<>();
        models.forEach((name, model) -> model.decisionNames().forEach(decision -> {
            String other = owners.putIfAbsent(decision, name);
            if (other != null) {
                problems.add("The decision '" + decision + "' is decided by both " + other + " and " + name);
            }
            if (FactSchema.RULES.containsKey(decision)) {
                problems.add("The decision '" + decision + "' of " + name + " has the name of an incident fact, which it would hide");
            }
        }));
        return owners;
    }

    /** Adds {@code model} and every model it reads from to {@code requires} (model to the models it reads from). */
    private static void collect(String model, Map<String, DmnModel> models, Map<String, String> owners,
                                Map<String, Set<String>> requires, List<String> problems) {
        if (requires.containsKey(model)) {
            return;
        }
        Set<String> reads = new LinkedHashSet<>();
        requires.put(model, reads);
        for (String input : models.get(model).inputNames()) {
            String owner = owners.get(input);
            if (owner != null && !owner.equals(model)) {
                reads.add(owner);
                collect(owner, models, owners, requires, problems);
            } else if (!FactSchema.RULES.containsKey(input)) {
                problems.add("The input '" + input + "' of " + model + " is neither an incident fact nor a decision of another model");
            }
        }
    }

    /** An input named like another model's decision may only read components that decision declares, of its types. */
    private static void checkReaders(DmnModel reader, Map<String, DmnModel> models, Map<String, String> owners, List<String> problems) {
        for (String input : reader.inputNames()) {
            String owner = owners.get(input);
            if (owner == null || owner.equals(reader.name())) {
                continue;
            }
            Map<String, String> declared = models.get(owner).decisionComponents(input);
            reader.inputComponents(input).forEach((component, type) -> {
                if (!declared.containsKey(component)) {
                    problems.add(reader.name() + " reads '" + input + "." + component + "', which " + owner + " does not declare (it declares "
                            + declared.keySet() + ")");
                } else if (!declared.get(component).equals(type)) {
                    problems.add(reader.name() + " reads '" + input + "." + component + "' as " + type + ", which " + owner
                            + " declares as " + declared.get(component));
                }
            });
        }
    }

    /** A record (or a list of records) must have exactly the decision's components; a simple value, its FEEL type. */
    private static void checkJavaType(DmnModel owner, String decision, Type type, List<String> problems) {
        Type element = type instanceof ParameterizedType list && list.getRawType() == List.class ? list.getActualTypeArguments()[0] : type;
        if (element instanceof Class<?> record && record.isRecord()) {
            Map<String, String> declared = owner.decisionComponents(decision);
            Map<String, String> expected = new LinkedHashMap<>();
            for (RecordComponent component : record.getRecordComponents()) {
                expected.put(component.getName(), feelTypeOf(component.getType()));
            }
            if (!declared.equals(expected)) {
                problems.add("The decision '" + decision + "' of " + owner.name() + " has the components " + declared + " but Java reads it as "
                        + record.getSimpleName() + " " + expected);
            }
        } else if (element instanceof Class<?> simple && feelTypeOf(simple) != null) {
            String declared = owner.decisionType(decision);
            if (!"Any".equals(declared) && !declared.equals(feelTypeOf(simple))) {
                problems.add("The decision '" + decision + "' of " + owner.name() + " is a " + declared + " but Java reads it as " + simple.getSimpleName());
            }
        }
    }

    private static String feelTypeOf(Class<?> type) {
        if (type == String.class) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == int.class || type == long.class || type == double.class || Number.class.isAssignableFrom(type)) {
            return "number";
        }
        return null;
    }

    /** By depth in the requirement graph (a model after all it reads from), then by name; a cycle is a problem. */
    private static List<String> depthOrder(Map<String, Set<String>> requires, List<String> problems) {
        Map<String, Integer> depths = new TreeMap<>();
        for (String model : requires.keySet()) {
            depth(model, requires, depths, new LinkedHashSet<>(), problems);
        }
        return depths.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    private static int depth(String model, Map<String, Set<String>> requires, Map<String, Integer> depths, Set<String> path,
                             List<String> problems) {
        if (depths.containsKey(model)) {
            return depths.get(model);
        }
        if (!path.add(model)) {
            problems.add("The models read from each other in a cycle: " + String.join(" -> ", path) + " -> " + model);
            return 0;
        }
        int depth = 0;
        for (String read : requires.get(model)) {
            depth = Math.max(depth, depth(read, requires, depths, path, problems) + 1);
        }
        path.remove(model);
        depths.put(model, depth);
        return depth;
    }

    /** Every public one-argument {@code setX} of {@link Incident}, as property {@code x}. */
    private static Map<String, Method> incidentSetters() {
        Map<String, Method> setters = new TreeMap<>();
        for (Method method : Incident.class.getMethods()) {
            if (method.getName().startsWith("set") && method.getName().length() > 3 && method.getParameterCount() == 1
                    && !Modifier.isStatic(method.getModifiers())) {
                String property = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
                setters.put(property, method);
            }
        }
        return Collections.unmodifiableMap(setters);
    }

    private static Map<String, Type> incidentProperties() {
        Map<String, Type> properties = new TreeMap<>();
        INCIDENT_SETTERS.forEach((property, setter) -> properties.put(property, setter.getParameterTypes()[0]));
        return Collections.unmodifiableMap(properties);
    }

    private static Map<String, Object> checkFacts() {
        Map<String, Object> facts = new HashMap<>(FactSchema.DEFAULTS);
        facts.put("service", "model-check");
        return Map.copyOf(facts);
    }
}
