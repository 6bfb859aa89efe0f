package dev.runbook.decisions.ingest;

/** One offending field of a request: its JSON name ({@code $} for the whole body) and what is wrong with it. */
public record FieldError(String field, String message) {
}
