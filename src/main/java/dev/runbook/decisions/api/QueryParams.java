package dev.runbook.decisions.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.runbook.decisions.audit.Cursor;
import dev.runbook.decisions.ingest.FieldError;
import dev.runbook.decisions.ingest.InvalidInputException;

/** Reads query parameters, collecting every bad one so a single 400 names them all. */
final class QueryParams {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final List<FieldError> errors = new ArrayList<>();

    /** A free-text filter; blank means no filter. */
    static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-11-27T08:00:00Z"));
            return null;
        }
    }

    int limit(String value) {
        return limit(value, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** A page size or count from 1 to {@code max}; {@code byDefault} when absent. */
    int limit(String value, int byDefault, int max) {
        if (value == null || value.isBlank()) {
            return byDefault;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + max));
        return byDefault;
    }

    /** Refuses a field the request does not read, so a misspelt one is not silently ignored. */
    void unknown(String name, List<String> known) {
        errors.add(new FieldError(name, "is not a field of this request (" + String.join(", ", known) + ")"));
    }

    Long cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Cursor.decode(value).orElseGet(() -> {
            errors.add(new FieldError("cursor", "is not a cursor this service issued; use nextCursor from the previous page"));
            return null;
        });
    }

    String oneOf(String name, String value, List<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value)) {
            errors.add(new FieldError(name, "must be one of " + String.join(", ", allowed)));
        }
        return value;
    }

    /** The constant of {@code type} named {@code value}; null when absent or (with an error naming every constant) unknown. */
    <E extends Enum<E>> E oneOf(String name, String value, Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        String known = oneOf(name, value, names);
        return known == null || !names.contains(known) ? null : Enum.valueOf(type, known);
    }

    /** Throws the collected errors, if any; also refuses an empty time window. */
    void check(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "must be after 'from'"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid query parameters", errors);
        }
    }
}
