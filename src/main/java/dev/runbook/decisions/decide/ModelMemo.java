package dev.runbook.decisions.decide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The results of DMN models already evaluated within one unit of work, by model and the exact inputs it read. A DMN
 * model is a function of its inputs (no model here reads the clock), so the same inputs give the same decisions and
 * rows. An Alertmanager group carries alerts that mostly differ only in the service, which no model reads: their
 * models are evaluated once for the group instead of once per alert. Lives as long as that unit of work (one delivery),
 * so it holds at most one entry per distinct input; {@link #NONE} remembers nothing.
 */
public final class ModelMemo {

    public static final ModelMemo NONE = new ModelMemo(false);

    private final boolean remembers;
    private final Map<List<Object>, ModelResult> results = new HashMap<>();

    private ModelMemo(boolean remembers) {
        this.remembers = remembers;
    }

    /** A memo for one delivery; not shared between threads. */
    public static ModelMemo forOneDelivery() {
        return new ModelMemo(true);
    }

    ModelResult resultOf(DmnModel model, Map<String, Object> inputs, Supplier<ModelResult> evaluation) {
        if (!remembers) {
            return evaluation.get();
        }
        List<Object> key = List.of(model, inputs);
        ModelResult known = results.get(key);
        if (known != null) {
            return known;
        }
        ModelResult result = evaluation.get();
        results.put(key, result);
        return result;
    }
}
