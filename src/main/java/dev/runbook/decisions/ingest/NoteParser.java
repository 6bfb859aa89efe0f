package dev.runbook.decisions.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The optional body of a lifecycle step: nothing, or {@code {"note": "..."}} with a note of at most 4096 characters. */
public final class NoteParser {

    private NoteParser() {
    }

    public static String parse(byte[] body) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        JsonNode node = FactsParser.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!"note".equals(name)) {
                errors.add(new FieldError(name, "is not accepted here; only 'note' is"));
            }
        }
        JsonNode note = node.get("note");
        if (note != null && !note.isNull() && (!note.isTextual() || note.textValue().length() > FactRule.MAX_TEXT)) {
            errors.add(new FieldError("note", "must be a string of at most " + FactRule.MAX_TEXT + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The request body is invalid", errors);
        }
        return note == null || note.isNull() ? null : note.textValue();
    }
}
