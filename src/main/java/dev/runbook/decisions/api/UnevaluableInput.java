package dev.runbook.decisions.api;

import java.util.List;

/**
 * A model reported errors evaluating the caller's input (answered 422 by {@link ProblemMappers}). Thrown rather than
 * answered as a {@code Response} so that the evaluate method's declared type is the answer's: the REST layer then picks
 * the answer's writer once, at build time, instead of looking one up for every evaluation.
 */
final class UnevaluableInput extends RuntimeException {

    private final List<String> errors;

    UnevaluableInput(String model, List<String> errors) {
        super("dmn/" + model + ".dmn reported errors", null, false, false);
        this.errors = errors;
    }

    List<String> errors() {
        return errors;
    }
}
