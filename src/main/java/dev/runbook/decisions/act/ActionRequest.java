package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.Map;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;

/**
 * One automatable action to carry out, as the plan gives it, with the incident it belongs to. {@code requestedAt}
 * makes repeatable what would otherwise depend on the clock (the restart stamp).
 */
public record ActionRequest(String incidentId, String decisionId, int planIndex, String type, String targetKind,
                            String namespace, String name, Map<String, Object> params, String risk,
                            IncidentContext incident, Instant requestedAt) {

    public String target() {
        return namespace + "/" + name;
    }

    /** What a notification says about the incident. */
    public record IncidentContext(String service, Severity severity, IncidentType incidentType, String summary) {
    }
}
