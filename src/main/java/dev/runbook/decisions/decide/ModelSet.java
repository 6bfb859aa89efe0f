package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One immutable set of every model a decision uses: the DMN models by name, checked together against
 * {@link ModelContract}, and the DRL rules. A decision takes one set and uses only it from the alert's mapping to the
 * planned actions, so a publish in flight never mixes two versions of the runbook in one answer.
 */
public final class ModelSet {

    /** Far above the catalogue's distinct inputs (action types x sections x replica counts); a few KB an entry. */
    private static final int CATALOGUE_MEMO_ENTRIES = 1_000;

    private final Map<String, DmnModel> dmnModels;
    private final RemediationRules rules;
    private final FactModels factModels;
    private final WorkloadLabels workloadLabels;
    private final List<ModelRef> modelRefs;
    /**
     * The action catalogue's results by its inputs, for every decision taken with this set: the catalogue reads an
     * action's type, section and replicas and the remediation thresholds, which take some tens of values in all, while
     * each decision evaluated it once per distinct proposal, up to a dozen times (a third of a decision's allocation).
     * A new set (a publish, a draft) starts empty, and the model itself is part of every key.
     */
    private final ModelMemo catalogueMemo = ModelMemo.sharedUpTo(CATALOGUE_MEMO_ENTRIES);

    private ModelSet(Map<String, DmnModel> dmnModels, RemediationRules rules) {
        this.dmnModels = dmnModels;
        this.rules = rules;
        this.factModels = ModelContract.check(dmnModels);
        ActionPlanner.checkShape(required(ActionPlanner.CATALOGUE));
        this.workloadLabels = WorkloadLabels.from(required(WorkloadLabels.MODEL));
        List<ModelRef> refs = new ArrayList<>();
        dmnModels.values().forEach(m -> refs.add(new ModelRef("dmn/" + m.name() + ".dmn", "DMN", m.version(), m.contentHash())));
        rules.files().forEach(f -> refs.add(new ModelRef("rules/" + f.name(), "DRL", 1, f.contentHash())));
        this.modelRefs = List.copyOf(refs);
    }

    /** Fails, naming every problem, when the models do not fit what the service reads from them. */
    public static ModelSet of(Collection<DmnModel> dmnModels, RemediationRules rules) {
        Map<String, DmnModel> byName = new TreeMap<>();
        dmnModels.forEach(m -> byName.put(m.name(), m));
        return new ModelSet(byName, rules);
    }

    /** This set with {@code model} in place of the model of its name (a draft, or a newly published version). */
    public ModelSet with(DmnModel model) {
        Map<String, DmnModel> byName = new TreeMap<>(dmnModels);
        byName.put(model.name(), model);
        return new ModelSet(byName, rules);
    }

    public Optional<DmnModel> dmn(String name) {
        return Optional.ofNullable(dmnModels.get(name));
    }

    /** The model a decision step cannot do without; its absence is a packaging error, not a request error. */
    public DmnModel required(String name) {
        return dmn(name).orElseThrow(() -> new IllegalStateException("dmn/" + name + ".dmn is not loaded"));
    }

    /** The memo of the action catalogue's results, shared by the decisions taken with this set. */
    ModelMemo catalogueMemo() {
        return catalogueMemo;
    }

    public List<DmnModel> dmnModels() {
        return List.copyOf(dmnModels.values());
    }

    /** The models deciding on incident facts, in the order they run. */
    public FactModels factModels() {
        return factModels;
    }

    /**
     * Whether deciding on incident facts reads model {@code name}: the fact models and the action catalogue do; the
     * alert mapping (which makes the facts) and improvement (asked later, about an open incident) do not.
     */
    public boolean decidesOnFacts(String name) {
        return factModels.names().contains(name) || ActionPlanner.CATALOGUE.equals(name);
    }

    public RemediationRules rules() {
        return rules;
    }

    /** The labels that name the workload, in the order they are tried. */
    WorkloadLabels workloadLabels() {
        return workloadLabels;
    }

    /** Name, kind, version and content hash of every model, for the audit record of a decision taken with this set. */
    public List<ModelRef> modelRefs() {
        return modelRefs;
    }

    /** One model a decision used; {@code version} names a stored version (DRL files are code: always 1). */
    public record ModelRef(String source, String kind, int version, String contentHash) {

        /** The DMN model's name, or null for a DRL file. */
        public String dmnName() {
            return "DMN".equals(kind) ? source.substring("dmn/".length(), source.length() - ".dmn".length()) : null;
        }
    }
}
