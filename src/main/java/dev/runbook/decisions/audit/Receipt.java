package dev.runbook.decisions.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.ReceiptOutcome;
import dev.runbook.decisions.domain.Severity;

/**
 * What handling one alert event did ({@link ReceiptOutcome}), as answered to its sender and kept for redeliveries:
 * a decision carries its record and incident (and, for an alert, the label its service came from), a rejection its
 * reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(ReceiptOutcome outcome, String recordId, String dedupKey, IncidentType incidentType, Severity severity,
                      String serviceLabel, IncidentRef incident, String reason, List<String> warnings) {

    public Receipt withWarnings(List<String> notes) {
        return new Receipt(outcome, recordId, dedupKey, incidentType, severity, serviceLabel, incident, reason,
                notes.isEmpty() ? null : notes);
    }
}
