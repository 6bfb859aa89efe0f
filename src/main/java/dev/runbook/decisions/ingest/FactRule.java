package dev.runbook.decisions.ingest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The accepted shape of one incident fact. {@link #check} either normalises a JSON value (numbers to BigDecimal,
 * so DMN compares them exactly) or says, in words meant for the caller, why the value is refused.
 */
public sealed interface FactRule {

    int MAX_TEXT = 4096;

    /** The normalised value, or empty when the value is refused; {@code problem} then says why. */
    Optional<Object> check(JsonNode value);

    String problem();

    record Text(int maxLength, Pattern pattern, String patternDescription) implements FactRule {
        public Optional<Object> check(JsonNode value) {
            if (!value.isTextual() || value.textValue().length() > maxLength) {
                return Optional.empty();
            }
            String text = value.textValue();
            return pattern == null || pattern.matcher(text).matches() ? Optional.of(text) : Optional.empty();
        }

        public String problem() {
            return "must be a string of at most " + maxLength + " characters" + (pattern == null ? "" : ", " + patternDescription);
        }
    }

    record Flag() implements FactRule {
        public Optional<Object> check(JsonNode value) {
            return value.isBoolean() ? Optional.of(value.booleanValue()) : Optional.empty();
        }

        public String problem() {
            return "must be true or false";
        }
    }

    record Number(BigDecimal max, boolean integer) implements FactRule {
        public Optional<Object> check(JsonNode value) {
            if (!value.isNumber()) {
                return Optional.empty();
            }
            BigDecimal number = value.decimalValue();
            boolean whole = number.stripTrailingZeros().scale() <= 0;
            if (number.signum() < 0 || (max != null && number.compareTo(max) > 0) || (integer && !whole)) {
                return Optional.empty();
            }
            return Optional.of(number);
        }

        public String problem() {
            String kind = integer ? "a whole number" : "a number";
            return max == null ? "must be " + kind + " of 0 or more" : "must be " + kind + " between 0 and " + max.toPlainString();
        }
    }

    record OneOf(List<String> values) implements FactRule {
        public Optional<Object> check(JsonNode value) {
            return value.isTextual() && values.contains(value.textValue()) ? Optional.of(value.textValue()) : Optional.empty();
        }

        public String problem() {
            return "must be one of " + String.join(", ", values);
        }
    }
}
