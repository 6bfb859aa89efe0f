package dev.runbook.decisions.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What handling one alert event did, as answered to its sender and kept for redeliveries: DECIDED (with the
 * decision and incident), ACKNOWLEDGED, RESOLVED, NO_OPEN_INCIDENT (nothing to acknowledge or resolve) or REJECTED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(String outcome, String recordId, String dedupKey, String incidentType, String severity,
                      IncidentRef incident, String reason, List<String> warnings) {

    public Receipt withWarnings(List<String> notes) {
        return new Receipt(outcome, recordId, dedupKey, incidentType, severity, incident, reason, notes.isEmpty() ? null : notes);
    }
}
