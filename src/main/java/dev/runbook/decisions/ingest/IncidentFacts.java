package dev.runbook.decisions.ingest;

import java.util.Map;

/**
 * Incident facts that passed validation: {@code values} holds every fact given, normalised, plus the defaults.
 * Absent optional facts are absent from the map.
 */
public record IncidentFacts(Map<String, Object> values) {

    public IncidentFacts {
        values = Map.copyOf(values);
    }

    public String service() {
        return (String) values.get("service");
    }
}
