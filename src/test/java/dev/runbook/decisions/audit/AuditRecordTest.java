package dev.runbook.decisions.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.domain.Severity;

/** The hash of a record covers its columns, and no record is written that the hash could confuse with another. */
class AuditRecordTest {

    private static final String GENESIS = "0".repeat(64);

    private static AuditRecord decision(String service, Severity severity) {
        return AuditRecord.draft("d-1", RecordKind.DECISION, "test", "i-1", "OPENED", service, severity,
                IncidentType.HIGH_ERROR_RATE, "{}").chained(1, Instant.parse("2026-11-28T10:00:00Z"), GENESIS);
    }

    @Test
    void theHashChangesWithAColumnAndNotOnlyWithTheBody() {
        assertEquals(decision("svc", Severity.P1).hash(), decision("svc", Severity.P1).hash());
        assertNotEquals(decision("svc", Severity.P1).hash(), decision("svc", Severity.P4).hash());
        assertNotEquals(decision("svc", Severity.P1).hash(), decision("other", Severity.P1).hash());
    }

    /** The hash writes NULL as \u2400: a column holding that text could be swapped with NULL unseen, so none may. */
    @Test
    void aColumnMayNotHoldTheTextTheHashWritesForNull() {
        assertThrows(IllegalArgumentException.class, () -> decision("\u2400", Severity.P1));
        assertThrows(IllegalArgumentException.class, () -> AuditRecord.draft("r-1", RecordKind.ACTION_STARTED, "runbook",
                "\u2400", null, null, null, null, "{}"));
    }
}
