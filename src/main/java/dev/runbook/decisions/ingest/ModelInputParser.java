package dev.runbook.decisions.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import com.fasterxml.jackson.core.type.TypeReference;

/** The input context of a single-model evaluation: a JSON object whose keys must all be inputs of that model. */
public final class ModelInputParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private ModelInputParser() {
    }

    public static Map<String, Object> parse(byte[] body, String model, List<String> inputNames) {
        JsonNode node = FactsParser.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!inputNames.contains(name)) {
                errors.add(new FieldError(name, "is not an input of model '" + model + "' (inputs: " + String.join(", ", inputNames) + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The input context does not fit the model", errors);
        }
        return JSON.convertValue(node, new TypeReference<Map<String, Object>>() { });
    }
}
