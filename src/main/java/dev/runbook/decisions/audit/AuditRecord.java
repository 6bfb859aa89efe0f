package dev.runbook.decisions.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import dev.runbook.decisions.domain.Hashing;
import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.domain.Severity;

/**
 * One row of the audit log as stored. {@link #canonicalFields()} is exactly what the chain hashes, so the writer and
 * the verifier cannot disagree about what a record is.
 */
public record AuditRecord(long seq, String id, String kind, Instant recordedAt, String caller, String incidentId,
                          String incidentChange, String service, String severity, String incidentType, String body,
                          String prevHash, String hash) {

    static final String COLUMNS = "seq, id, kind, recorded_at, caller, incident_id, incident_change, service, severity, "
            + "incident_type, body, prev_hash, hash";

    private static final String NULL = "\u2400";

    static AuditRecord read(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong("seq"), rs.getString("id"), rs.getString("kind"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), rs.getString("caller"),
                rs.getString("incident_id"), rs.getString("incident_change"), rs.getString("service"),
                rs.getString("severity"), rs.getString("incident_type"), rs.getString("body"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }

    /** A record not yet in the chain: sequence, time and hashes are set by {@link #chained}. */
    public static AuditRecord draft(String id, RecordKind kind, String caller, String incidentId, String incidentChange,
                                    String service, Severity severity, IncidentType incidentType, String body) {
        if (NULL.equals(incidentId) || NULL.equals(incidentChange) || NULL.equals(service)) {
            throw new IllegalArgumentException("an audit column may not hold " + NULL + ", the text the hash writes for NULL");
        }
        return new AuditRecord(0, id, kind.name(), null, caller, incidentId, incidentChange, service,
                severity == null ? null : severity.name(), incidentType == null ? null : incidentType.name(), body, null, null);
    }

    AuditRecord chained(long seq, Instant at, String previousHash) {
        return new AuditRecord(seq, id, kind, at, caller, incidentId, incidentChange, service, severity, incidentType,
                body, previousHash, Hashing.sha256Lines(canonicalFields(seq, id, kind, at, caller, incidentId,
                incidentChange, service, severity, incidentType, body, previousHash)));
    }

    /**
     * Every stored field but the hash itself, in a fixed order, nulls marked so that null and "" differ: the hash is
     * over these, each followed by a newline.
     */
    List<String> canonicalFields() {
        return canonicalFields(seq, id, kind, recordedAt, caller, incidentId, incidentChange, service, severity,
                incidentType, body, prevHash);
    }

    private static List<String> canonicalFields(long seq, String id, String kind, Instant recordedAt, String caller,
                                                String incidentId, String incidentChange, String service, String severity,
                                                String incidentType, String body, String prevHash) {
        return Arrays.stream(new Object[] {prevHash, seq, id, kind, recordedAt, caller, incidentId, incidentChange,
                service, severity, incidentType, body}).map(field -> field == null ? NULL : field.toString()).toList();
    }

    /**
     * The first nullable column holding {@link #NULL}, or null. The hash cannot tell that text from NULL, so a NULL
     * replaced by it (or the reverse) would leave the hash as it was; {@link #draft} refuses it, so no record written
     * by the service holds it, and finding it means the row was changed.
     */
    String columnHoldingNullMarker() {
        String[] columns = {"incident_id", "incident_change", "service", "severity", "incident_type"};
        String[] values = {incidentId, incidentChange, service, severity, incidentType};
        for (int i = 0; i < columns.length; i++) {
            if (NULL.equals(values[i])) {
                return columns[i];
            }
        }
        return null;
    }

    String computeHash() {
        return Hashing.sha256Lines(canonicalFields());
    }
}
