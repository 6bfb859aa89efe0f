package dev.runbook.decisions.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A sample's incident facts, moved to another service and namespace (and more facts), as a request body. */
public final class Facts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Facts() {
    }

    public static String of(String sample, String namespace, String service, Map<String, Object> more) {
        try {
            ObjectNode facts = (ObjectNode) JSON.readTree(Samples.facts(sample));
            facts.put("service", service).put("namespace", namespace);
            more.forEach((name, value) -> facts.set(name, JSON.valueToTree(value)));
            return JSON.writeValueAsString(facts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
