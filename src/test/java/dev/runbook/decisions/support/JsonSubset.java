package dev.runbook.decisions.support;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Asserts that every field of an expected JSON document has the same value in the actual one. Fields the expected
 * side leaves out (ids, timestamps, explanation text) are not compared; arrays must match element by element and in
 * length; numbers compare by value, so 5 equals 5.0.
 */
public final class JsonSubset {

    private JsonSubset() {
    }

    public static void assertMatches(JsonNode expected, JsonNode actual) {
        compare(expected, actual, "$");
    }

    private static void compare(JsonNode expected, JsonNode actual, String path) {
        if (actual == null || actual.isMissingNode()) {
            fail(path + " is missing; expected " + expected);
        }
        if (expected.isObject()) {
            assertTrue(actual.isObject(), path + " should be an object but is " + actual);
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                compare(field.getValue(), actual.get(field.getKey()), path + "." + field.getKey());
            }
        } else if (expected.isArray()) {
            assertTrue(actual.isArray(), path + " should be an array but is " + actual);
            assertEquals(expected.size(), actual.size(), path + " length; actual " + actual);
            for (int i = 0; i < expected.size(); i++) {
                compare(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else if (expected.isNumber()) {
            assertTrue(actual.isNumber(), path + " should be a number but is " + actual);
            assertEquals(0, expected.decimalValue().compareTo(actual.decimalValue()), path + ": expected " + expected + " but was " + actual);
        } else {
            assertEquals(expected, actual, path);
        }
    }
}
