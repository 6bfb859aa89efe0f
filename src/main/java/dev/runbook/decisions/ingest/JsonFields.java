package dev.runbook.decisions.ingest;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the parts of a sender's payload, naming the field of anything that is not what the sender's format says. */
final class JsonFields {

    private JsonFields() {
    }

    /** A JSON object of strings (labels, annotations); numbers and booleans are taken as their text. */
    static Map<String, String> strings(JsonNode node, String field, List<FieldError> errors) {
        Map<String, String> values = new TreeMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return values;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(field, "must be an object of strings"));
            return values;
        }
        for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                values.put(entry.getKey(), entry.getValue().asText());
            } else if (!entry.getValue().isNull()) {
                errors.add(new FieldError(field + "." + entry.getKey(), "must be a string"));
            }
        }
        return values;
    }

    static String text(JsonNode node, String name, String field, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().length() > FactRule.MAX_TEXT) {
            errors.add(new FieldError(field, "must be a string of at most " + FactRule.MAX_TEXT + " characters"));
            return null;
        }
        return value.textValue();
    }

    static String oneOf(JsonNode node, String name, String field, List<String> allowed, List<FieldError> errors) {
        String value = text(node, name, field, true, errors);
        if (value != null && !allowed.contains(value)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed)));
            return null;
        }
        return value;
    }
}
