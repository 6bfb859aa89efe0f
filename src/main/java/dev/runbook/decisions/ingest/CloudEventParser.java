package dev.runbook.decisions.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.runbook.decisions.domain.Hashing;

/**
 * CloudEvents 1.0 carrying incident facts as {@code data}: structured mode (the whole event as
 * application/cloudevents+json) or binary mode (attributes in ce-* headers, the facts as the body). Source and id
 * identify the event, so a redelivery is answered with the first decision.
 */
public final class CloudEventParser {

    private CloudEventParser() {
    }

    /** One CloudEvent: its facts as received (for the audit log) and as validated, and its identity. */
    public record FactsEvent(byte[] received, IncidentFacts facts, String eventKey) {
    }

    public static FactsEvent structured(byte[] body) {
        JsonNode event = FactsParser.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        String specversion = JsonFields.text(event, "specversion", "specversion", true, errors);
        String id = JsonFields.text(event, "id", "id", true, errors);
        String source = JsonFields.text(event, "source", "source", true, errors);
        JsonFields.text(event, "type", "type", true, errors);
        String contentType = JsonFields.text(event, "datacontenttype", "datacontenttype", false, errors);
        checkVersionAndType(specversion, contentType, "specversion", "datacontenttype", errors);
        JsonNode data = event.get("data");
        if (data == null || !data.isObject()) {
            errors.add(new FieldError("data", "is required: the incident facts as a JSON object"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The CloudEvent cannot be used", errors);
        }
        return new FactsEvent(data.toString().getBytes(StandardCharsets.UTF_8), FactsParser.fromJson(data), key(source, id));
    }

    public static FactsEvent binary(byte[] body, String specversion, String id, String source, String type) {
        List<FieldError> errors = new ArrayList<>();
        require(id, "ce-id", errors);
        require(source, "ce-source", errors);
        require(type, "ce-type", errors);
        checkVersionAndType(specversion, null, "ce-specversion", null, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The CloudEvent headers cannot be used", errors);
        }
        return new FactsEvent(body, FactsParser.parse(body), key(source, id));
    }

    private static void checkVersionAndType(String specversion, String contentType, String versionField, String typeField,
                                            List<FieldError> errors) {
        if (specversion != null && !"1.0".equals(specversion)) {
            errors.add(new FieldError(versionField, "must be 1.0"));
        }
        if (contentType != null && !contentType.startsWith("application/json")) {
            errors.add(new FieldError(typeField, "must be application/json: data holds the incident facts"));
        }
    }

    private static void require(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        }
    }

    private static String key(String source, String id) {
        return Hashing.sha256("cloudevents\n" + source + "\n" + id);
    }
}
