package dev.runbook.decisions.decide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The results of DMN models already evaluated within one unit of work, by model and the exact inputs it read. A DMN
 * model is a function of its inputs (no model here reads the clock), so the same inputs give the same decisions and
 * rows. An Alertmanager group carries alerts that mostly differ only in the service, which no model reads: their
 * models are evaluated once for the group instead of once per alert. Lives as long as that unit of work (one delivery),
 * so it holds at most one entry per distinct input; {@link #NONE} remembers nothing. A model whose inputs take few
 * values whatever the facts (the action catalogue) has a memo of its own that lives as long as its {@link ModelSet}
 * ({@link #sharedUpTo(int)}).
 */
public final class ModelMemo {

    public static final ModelMemo NONE = new ModelMemo(Map.of(), 0);

    private final Map<List<Object>, ModelResult> results;
    private final int capacity;

    private ModelMemo(Map<List<Object>, ModelResult> results, int capacity) {
        this.results = results;
        this.capacity = capacity;
    }

    /** A memo for one delivery; not shared between threads. */
    public static ModelMemo forOneDelivery() {
        return new ModelMemo(new HashMap<>(), Integer.MAX_VALUE);
    }

    /**
     * A memo shared by the threads of every decision taken with one model set, remembering at most {@code capacity}
     * distinct inputs: past that, further inputs are evaluated every time (a bound on memory, never on answers).
     */
    static ModelMemo sharedUpTo(int capacity) {
        return new ModelMemo(new ConcurrentHashMap<>(), capacity);
    }

    ModelResult resultOf(DmnModel model, Map<String, Object> inputs, Supplier<ModelResult> evaluation) {
        if (capacity == 0) {
            return evaluation.get();
        }
        List<Object> key = List.of(model, inputs);
        ModelResult known = results.get(key);
        if (known != null) {
            return known;
        }
        ModelResult result = evaluation.get();
        if (results.size() < capacity) {
            results.put(key, result);
        }
        return result;
    }
}
