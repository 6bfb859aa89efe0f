package dev.runbook.decisions.decide;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kie.api.io.Resource;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.api.core.DMNType;
import org.kie.dmn.api.core.ast.DecisionNode;
import org.kie.dmn.api.core.ast.InputDataNode;
import org.kie.dmn.api.core.event.AfterEvaluateDecisionTableEvent;
import org.kie.dmn.api.core.event.DMNRuntimeEventListener;
import org.kie.dmn.core.compiler.RuntimeTypeCheckOption;
import org.kie.dmn.core.internal.utils.DMNRuntimeBuilder;
import org.kie.dmn.model.api.BusinessKnowledgeModel;
import org.kie.dmn.model.api.DRGElement;
import org.kie.dmn.model.api.Decision;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.Expression;
import org.kie.dmn.model.api.RuleAnnotation;
import org.kie.internal.io.ResourceFactory;
import org.kie.kogito.decision.DecisionModel;
import org.kie.kogito.dmn.DmnDecisionModel;

import dev.runbook.decisions.domain.Hashing;
import dev.runbook.decisions.domain.Severity;

/**
 * One DMN file of dmn/, compiled once and wrapped as a Kogito {@link DecisionModel}. Evaluating it also reports
 * which decision-table rows matched, with the runbook annotation of each row, so every answer can say why.
 */
public final class DmnModel {

    /** Rows matched during the evaluation running on this thread; DMN fires its events on the evaluating thread. */
    private static final ThreadLocal<List<Explanation>> MATCHED_ROWS = new ThreadLocal<>();

    private final String name;
    private final String contentHash;
    private final int version;
    private final byte[] content;
    private final DMNRuntime runtime;
    private final DMNModel dmnModel;
    private final DecisionModel decisionModel;
    private final Map<String, Row> rowsById;
    /** Read on every evaluation: the engine builds a new list for each call of getInputs. */
    private final List<String> inputNames;

    private DmnModel(String name, byte[] content, int version, DMNRuntime runtime, DMNModel dmnModel) {
        this.name = name;
        this.content = content.clone();
        this.contentHash = Hashing.sha256(content);
        this.version = version;
        this.runtime = runtime;
        this.dmnModel = dmnModel;
        this.decisionModel = new DmnDecisionModel(runtime, dmnModel.getNamespace(), dmnModel.getName());
        this.rowsById = indexRows(dmnModel);
        this.inputNames = dmnModel.getInputs().stream().map(InputDataNode::getName).toList();
        runtime.addListener(new DMNRuntimeEventListener() {
            @Override
            public void afterEvaluateDecisionTable(AfterEvaluateDecisionTableEvent event) {
                recordMatches(event);
            }
        });
    }

    /** Compiles {@code content} (the file {@code fileName} of dmn/); fails with the compiler's messages on any error. */
    public static DmnModel compile(String fileName, byte[] content, int version) {
        Resource resource = ResourceFactory.newReaderResource(
                new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8), StandardCharsets.UTF_8.name());
        resource.setSourcePath("dmn/" + fileName);
        DMNRuntime runtime = DMNRuntimeBuilder.fromDefaults().setOption(new RuntimeTypeCheckOption(true))
                .buildConfiguration().fromResources(List.of(resource))
                .getOrElseThrow(e -> new IllegalStateException("dmn/" + fileName + " does not compile: " + e.getMessage(), e));
        if (runtime.getModels().size() != 1) {
            throw new IllegalStateException("dmn/" + fileName + " must hold exactly one DMN model");
        }
        DMNModel model = runtime.getModels().get(0);
        if (model.hasErrors()) {
            throw new IllegalStateException("dmn/" + fileName + " has errors: " + model.getMessages(DMNMessage.Severity.ERROR));
        }
        String name = fileName.substring(0, fileName.length() - ".dmn".length());
        return new DmnModel(name, content, version, runtime, model);
    }

    public String name() { return name; }
    public String namespace() { return dmnModel.getNamespace(); }
    public String contentHash() { return contentHash; }
    public int version() { return version; }

    /** The file this model was compiled from, for an analysis that compiles its own copy. */
    byte[] content() { return content.clone(); }

    /** The compiled model, for the decision-table analysis of a copy compiled for it alone (never a shared model). */
    DMNModel dmnModel() { return dmnModel; }

    /** The results of {@code decisions} alone, on no input: for decisions that read none, the values they always have. */
    Map<String, Object> evaluateWithoutInputs(List<String> decisions) {
        Map<String, Object> results = new HashMap<>();
        runtime.evaluateByName(dmnModel, runtime.newContext(), decisions.toArray(String[]::new)).getDecisionResults()
                .forEach(d -> results.put(d.getDecisionName(), d.getResult()));
        return results;
    }

    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> decisionNames() {
        return dmnModel.getDecisions().stream().map(DecisionNode::getName).toList();
    }

    /** The components input {@code name} is declared to have (its type's, by name to FEEL type); empty when simple. */
    public Map<String, String> inputComponents(String name) {
        return components(dmnModel.getInputByName(name).getType());
    }

    /** The FEEL type (number, string, boolean, ...) decision {@code name} is declared as, custom types resolved to their base. */
    public String decisionType(String name) {
        return feelType(dmnModel.getDecisionByName(name).getResultType());
    }

    /**
     * The components a decision's result (or, for a list, each element) is declared to have, by name to FEEL type:
     * those of its type, or else its decision table's output columns. Empty when it declares none.
     */
    public Map<String, String> decisionComponents(String name) {
        DecisionNode node = dmnModel.getDecisionByName(name);
        Map<String, String> declared = components(node.getResultType());
        if (declared.isEmpty() && node.getDecision().getExpression() instanceof DecisionTable table && table.getOutput().size() > 1) {
            table.getOutput().forEach(o -> declared.put(o.getName(), o.getTypeRef() == null ? "Any" : o.getTypeRef().getLocalPart()));
        }
        return declared;
    }

    private static Map<String, String> components(DMNType type) {
        DMNType element = type;
        while (element != null && !element.isComposite() && element.getBaseType() != null) {
            element = element.getBaseType();
        }
        Map<String, String> components = new LinkedHashMap<>();
        if (element != null && element.isComposite()) {
            element.getFields().forEach((field, fieldType) -> components.put(field, feelType(fieldType)));
        }
        return components;
    }

    private static String feelType(DMNType type) {
        DMNType base = type;
        while (base.getBaseType() != null) {
            base = base.getBaseType();
        }
        return base.getName();
    }

    public ModelDescription describe() {
        List<ModelDescription.Input> inputs = dmnModel.getInputs().stream()
                .map(i -> new ModelDescription.Input(i.getName(), i.getType().getName())).toList();
        List<ModelDescription.DecisionInfo> decisions = dmnModel.getDecisions().stream().map(this::describe).toList();
        return new ModelDescription(name, namespace(), version, contentHash, "dmn/" + name + ".dmn", inputs, decisions);
    }

    private ModelDescription.DecisionInfo describe(DecisionNode node) {
        Decision decision = node.getDecision();
        List<String> requires = decision.getInformationRequirement().stream()
                .map(r -> r.getRequiredInput() != null ? r.getRequiredInput().getHref() : r.getRequiredDecision().getHref())
                .map(href -> nameOfElement(href.substring(1))).toList();
        Map<String, String> components = decisionComponents(node.getName());
        List<String> outputs = components.isEmpty() ? List.of(node.getName()) : List.copyOf(components.keySet());
        return new ModelDescription.DecisionInfo(node.getName(), node.getResultType().getName(), requires, outputs);
    }

    private String nameOfElement(String id) {
        return dmnModel.getDefinitions().getDrgElement().stream().filter(e -> id.equals(e.getId()))
                .map(DRGElement::getName).findFirst().orElse(id);
    }

    /**
     * Evaluates every decision with {@code context}. Inputs the context lacks are passed as null, so an absent fact
     * simply matches no row that tests it, instead of failing the decision.
     */
    public ModelResult evaluate(Map<String, Object> context) {
        return evaluate(context, ModelMemo.NONE);
    }

    /** As {@link #evaluate(Map)}, answered from {@code memo} when this model already ran on the same inputs. */
    public ModelResult evaluate(Map<String, Object> context, ModelMemo memo) {
        Map<String, Object> inputs = new HashMap<>();
        inputNames().forEach(input -> inputs.put(input, context.get(input)));
        return memo.resultOf(this, inputs, () -> evaluateInputs(inputs));
    }

    private ModelResult evaluateInputs(Map<String, Object> inputs) {
        List<Explanation> rows = new ArrayList<>();
        MATCHED_ROWS.set(rows);
        try {
            DMNContext dmnContext = decisionModel.newContext(inputs);
            DMNResult result = decisionModel.evaluateAll(dmnContext);
            Map<String, Object> outputs = new HashMap<>();
            for (DMNDecisionResult decision : result.getDecisionResults()) {
                outputs.put(decision.getDecisionName(), decision.getResult());
            }
            List<String> errors = result.getMessages(DMNMessage.Severity.ERROR).stream().map(DMNMessage::getText).toList();
            // Unmodifiable: a result may be shared by the decisions of one delivery (ModelMemo).
            return new ModelResult(name, Collections.unmodifiableMap(outputs), List.copyOf(rows), errors);
        } finally {
            MATCHED_ROWS.remove();
        }
    }

    private void recordMatches(AfterEvaluateDecisionTableEvent event) {
        List<Explanation> rows = MATCHED_ROWS.get();
        if (rows == null) {
            return;
        }
        for (String ruleId : event.getSelectedIds()) {
            Row row = rowsById.get(ruleId);
            if (row != null) {
                rows.add(Explanation.row(name, event.getNodeName(), row.number(), row.annotation()));
            }
        }
    }

    /** Every decision-table row of this model, as "node#row" (node: the decision or business knowledge model). */
    public List<String> tableRows() {
        return rowsById.values().stream().map(r -> r.node() + "#" + r.number()).sorted().toList();
    }

    private static Map<String, Row> indexRows(DMNModel model) {
        Map<String, Row> rows = new HashMap<>();
        for (DRGElement element : model.getDefinitions().getDrgElement()) {
            Expression logic = element instanceof Decision decision ? decision.getExpression()
                    : element instanceof BusinessKnowledgeModel bkm ? bkm.getEncapsulatedLogic().getExpression() : null;
            if (logic instanceof DecisionTable table) {
                List<DecisionRule> rules = table.getRule();
                for (int i = 0; i < rules.size(); i++) {
                    String annotation = rules.get(i).getAnnotationEntry().stream().map(RuleAnnotation::getText)
                            .reduce((a, b) -> a + " " + b).orElse(null);
                    rows.put(rules.get(i).getId(), new Row(element.getName(), i + 1, annotation));
                }
            }
        }
        return rows;
    }

    private record Row(String node, int number, String annotation) {
    }
}
