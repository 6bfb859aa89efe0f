package dev.runbook.decisions.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The closed sets: the database's CHECK lists say what the enums say, and the action state machine holds together. */
class ClosedSetsTest {

    static Stream<Arguments> checks() {
        return Stream.of(Arguments.of("audit_record_kind_known", RecordKind.class),
                Arguments.of("incident_status_known", IncidentStatus.class),
                Arguments.of("incident_severity_known", Severity.class),
                Arguments.of("action_run_status_known", ActionStatus.class),
                Arguments.of("action_run_mode_known", Mode.class),
                Arguments.of("action_run_risk_known", Risk.class),
                Arguments.of("escalation_step_status_known", StepStatus.class),
                Arguments.of("model_version_state_known", ModelState.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void theDatabaseCheckListsEveryConstantAndNothingElse(String constraint, Class<? extends Enum<?>> type) throws IOException {
        Matcher check = Pattern.compile(constraint + " CHECK \\(\\w+ IN \\(([^)]*)\\)\\)").matcher(migrations());
        List<String> listed = null;
        while (check.find()) {
            listed = Pattern.compile("'(\\w+)'").matcher(check.group(1)).results().map(m -> m.group(1)).toList();
        }
        assertNotNull(listed, constraint + " is added by a migration");
        assertEquals(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList(), listed);
    }

    /** Every migration in version order: a constraint re-created by a later one is read as the later one says. */
    private static String migrations() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.sorted(Comparator.comparingInt(ClosedSetsTest::version)).toList()) {
                all.append(Files.readString(file)).append('\n');
            }
            return all.toString();
        }
    }

    private static int version(Path migration) {
        return Integer.parseInt(migration.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"));
    }

    @ParameterizedTest
    @EnumSource(ActionStatus.class)
    void everyActionStatusHasItsRecordKind(ActionStatus status) {
        assertEquals("ACTION_" + status.name(), status.recordKind().name());
    }

    @ParameterizedTest
    @EnumSource(StepStatus.class)
    void everyStepStatusHasItsRecordKind(StepStatus status) {
        assertEquals("ESCALATION_" + status.name(), status.recordKind().name());
    }

    @Test
    void finalStatusesGoNowhereAndOnlyWaitingOnesAreReleasedOrLapse() {
        for (ActionStatus status : ActionStatus.values()) {
            assertEquals(status.isPending() || status == ActionStatus.UNKNOWN, !status.next().isEmpty(), status.name());
        }
        assertTrue(ActionStatus.AWAITING_APPROVAL.mayMoveTo(ActionStatus.REJECTED));
        assertFalse(ActionStatus.HELD.mayMoveTo(ActionStatus.REJECTED), "held actions lapse or run; only the approval is rejected");
        assertFalse(ActionStatus.SUCCEEDED.mayMoveTo(ActionStatus.STARTED), "a finished action never runs again");
    }

    @Test
    void refusalsAndDryRunsLeaveTheIdempotencyKeyFree() {
        List<ActionStatus> free = Arrays.stream(ActionStatus.values()).filter(s -> !s.claimsKey()).toList();
        assertEquals(List.of(ActionStatus.REFUSED, ActionStatus.DRY_RUN), free);
    }

    @Test
    void p1IsMoreSevereThanEveryOtherLevel() {
        assertTrue(Severity.P1.isMoreSevereThan(Severity.P2));
        assertFalse(Severity.P4.isMoreSevereThan(Severity.P3));
        assertFalse(Severity.P2.isMoreSevereThan(Severity.P2));
    }
}
