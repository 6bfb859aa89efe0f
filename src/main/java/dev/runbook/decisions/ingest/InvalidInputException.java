package dev.runbook.decisions.ingest;

import java.util.List;

/** Input that cannot be used, with every offending field named. Nothing has been decided or stored for it. */
public class InvalidInputException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidInputException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
