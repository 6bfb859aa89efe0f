package dev.runbook.decisions.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Turns a request body into {@link IncidentFacts}, or refuses it naming every offending field at once, so a caller
 * fixes its payload in one round trip.
 */
public final class FactsParser {

    /** Limits on what a body may make the parser do: nesting and string sizes far above any real payload. */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(32).maxStringLength(256 * 1024).maxNumberLength(64).build();

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private FactsParser() {
    }

    public static IncidentFacts parse(byte[] body) {
        return fromJson(readObject(body));
    }

    /** Reads a body that must be one JSON object; refuses empty bodies, malformed JSON and other JSON values. */
    public static JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw invalid(new FieldError("$", "request body is empty: send a JSON object"));
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonParseException e) {
            throw invalid(new FieldError("$", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw invalid(new FieldError("$", "malformed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw invalid(new FieldError("$", "unreadable body"));
        }
        if (node == null || !node.isObject()) {
            throw invalid(new FieldError("$", "must be a JSON object"));
        }
        return node;
    }

    public static IncidentFacts fromJson(JsonNode facts) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = new HashMap<>(FactSchema.DEFAULTS);
        for (Iterator<Map.Entry<String, JsonNode>> fields = facts.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            FactRule rule = FactSchema.RULES.get(field.getKey());
            if (rule == null) {
                errors.add(new FieldError(field.getKey(), "is not a known incident fact"));
            } else if (!field.getValue().isNull()) {
                Optional<Object> value = rule.check(field.getValue());
                value.ifPresentOrElse(v -> values.put(field.getKey(), v),
                        () -> errors.add(new FieldError(field.getKey(), rule.problem())));
            }
        }
        FactSchema.REQUIRED.stream().filter(name -> !facts.hasNonNull(name)).sorted()
                .forEach(name -> errors.add(new FieldError(name, "is required")));
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The incident facts are invalid", errors);
        }
        return new IncidentFacts(values);
    }

    private static InvalidInputException invalid(FieldError error) {
        return new InvalidInputException("The request body is not a JSON object", List.of(error));
    }
}
