package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DMN models that decide on incident facts, in the order {@link ModelContract} derived from what each reads:
 * each adds its decisions to the context the next ones read.
 */
public final class FactModels {

    private final List<DmnModel> models;

    FactModels(List<DmnModel> models) {
        this.models = List.copyOf(models);
    }

    public List<String> names() {
        return models.stream().map(DmnModel::name).toList();
    }

    /** Evaluates every fact model in order on {@code facts}; fails on the first model that reports an error. */
    public Run run(Map<String, Object> facts) {
        return run(facts, ModelMemo.NONE);
    }

    /** As {@link #run(Map)}, each model answered from {@code memo} when it already ran on the same inputs. */
    public Run run(Map<String, Object> facts, ModelMemo memo) {
        Map<String, Object> context = new HashMap<>(facts);
        List<Explanation> rows = new ArrayList<>();
        for (DmnModel model : models) {
            ModelResult result = model.evaluate(context, memo);
            if (!result.errors().isEmpty()) {
                throw new ModelEvaluationException(model.name(), result.errors());
            }
            context.putAll(result.decisions());
            rows.addAll(result.rows());
        }
        return new Run(context, List.copyOf(rows));
    }

    /** The facts with every decision, and the rows that matched in model order. */
    public record Run(Map<String, Object> context, List<Explanation> rows) {

        /** The annotations of the rows that produced {@code decision}, in row order (for COLLECT: one per result). */
        public List<String> annotationsOf(String decision) {
            return rows.stream().filter(r -> decision.equals(r.decision())).map(Explanation::annotation).toList();
        }
    }
}
