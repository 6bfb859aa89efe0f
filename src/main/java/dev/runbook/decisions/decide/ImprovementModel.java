package dev.runbook.decisions.decide;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

/** Whether an incident is improving (the escalation timer asks before a NOT_IMPROVING step fires), answered by dmn/improvement.dmn from the facts of its two latest evaluations. */
@ApplicationScoped
public class ImprovementModel {

    static final String MODEL = "improvement";

    private final ModelRegistry registry;

    public ImprovementModel(ModelRegistry registry) {
        this.registry = registry;
    }

    /** {@code previous} is a missing node when the incident has had one evaluation only. */
    public Judgement judge(JsonNode previous, JsonNode latest) {
        Map<?, ?> improvement = (Map<?, ?>) evaluate(previous, latest).decisions().get(MODEL);
        return new Judgement(Boolean.TRUE.equals(improvement.get("improving")), (String) improvement.get("why"));
    }

    /** The model's answer with the rows that gave it. */
    ModelResult evaluate(JsonNode previous, JsonNode latest) {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("previousErrorRate", number(previous, "errorRate"));
        inputs.put("errorRate", number(latest, "errorRate"));
        inputs.put("previousLatencyP95Seconds", number(previous, "latencyP95Seconds"));
        inputs.put("latencyP95Seconds", number(latest, "latencyP95Seconds"));
        ModelResult result = registry.current().required(MODEL).evaluate(inputs);
        if (!result.errors().isEmpty()) {
            throw new ModelEvaluationException(MODEL, result.errors());
        }
        return result;
    }

    private static BigDecimal number(JsonNode facts, String name) {
        JsonNode value = facts == null ? null : facts.get(name);
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    /** Whether the incident improved between its two latest evaluations, and the model's reason. */
    public record Judgement(boolean improving, String why) {
    }
}
