package dev.runbook.decisions.decide;

import java.util.List;

/** A model reported errors while evaluating input that had passed validation: a fault of the model, not the caller. */
public class ModelEvaluationException extends RuntimeException {

    public ModelEvaluationException(String model, List<String> errors) {
        super("dmn/" + model + ".dmn failed: " + String.join("; ", errors));
    }
}
