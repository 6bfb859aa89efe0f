package dev.runbook.decisions.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A decision as listed: enough to find it, filter it and follow it to its incident. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionSummary(String decisionId, long seq, Instant recordedAt, String caller, String service,
                              String severity, String incidentType, String incidentId, String incidentChange) {

    static DecisionSummary of(AuditRecord record) {
        return new DecisionSummary(record.id(), record.seq(), record.recordedAt(), record.caller(), record.service(),
                record.severity(), record.incidentType(), record.incidentId(), record.incidentChange());
    }
}
