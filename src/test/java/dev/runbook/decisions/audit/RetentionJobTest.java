package dev.runbook.decisions.audit;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionJobTest {

    @Test
    void retentionOfLessThanADayIsRefusedAtStartUp() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new RetentionJob(null, Optional.of(0)));
        assertTrue(refused.getMessage().contains("runbook.audit.retention-days"));
    }

    @Test
    void unsetRetentionKeepsEverythingAndNeverTouchesTheLog() {
        RetentionJob job = new RetentionJob(null, Optional.empty());
        assertDoesNotThrow(job::purge);
    }
}
