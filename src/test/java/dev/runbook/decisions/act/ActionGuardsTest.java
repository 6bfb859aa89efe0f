package dev.runbook.decisions.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionStatus;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.domain.Verdict;

/**
 * The guards as plain logic: configuration built the way Quarkus builds it ("10m" durations included), history given
 * by the test, no service.
 * The service-level tests (GuardsTest, ExecutionOnPostgresTest) show the same guards recorded and across replicas.
 */
class ActionGuardsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static ActionGuards guards(String... keyValues) {
        Map<String, String> properties = new HashMap<>(Map.of("runbook.act.allowed-namespaces", "ml"));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return new ActionGuards(new SmallRyeConfigBuilder().withMapping(ActConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()).withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(ActConfig.class));
    }

    private static ActionRequest request(ActionType type, String namespace, Map<String, Object> params, Risk risk) {
        return new ActionRequest("incident", "decision", 0, new Action(type, new Action.Target("Deployment", namespace,
                "ml-model-api"), params, true, risk, null), null, NOW);
    }

    private static ActionHistory history(Instant lastChange, int changes) {
        return new ActionHistory() {
            @Override
            public Instant now() {
                return NOW;
            }

            @Override
            public Instant lastChangeOf(String namespace, String name, String exceptDecisionId) {
                return lastChange;
            }

            @Override
            public int changesSince(Instant since) {
                return changes;
            }
        };
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "kube-system, replicas=5, kube-system",
            "default, replicas=5, namespace-allowlist",
            "ml, replicas=51, parameter-bounds",
            "ml, replicas=-1, parameter-bounds",
            "ml, limitsMemory=64Gi, parameter-bounds",
            "ml, requestsMemory=64Mi, parameter-bounds",
            "ml, limitsMemory=two gigs, parameter-bounds"})
    void requestsOutsideWhatIsAllowedAreRefusedByName(String namespace, String param, String guard) {
        String[] pair = param.split("=");
        Object value = pair[1].matches("-?\\d+") ? (Object) Integer.valueOf(pair[1]) : pair[1];
        Verdict verdict = guards().check(request(ActionType.SCALE, namespace, Map.of(pair[0], value), Risk.MEDIUM));
        assertEquals(ActionStatus.REFUSED, verdict.status());
        assertEquals(guard, verdict.guard());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "kube-state-metrics, exporter-target",
            "kps-kube-state-metrics, exporter-target",
            "kps-prometheus-node-exporter, exporter-target",
            "prometheus-blackbox-exporter, exporter-target",
            "alertmanager, exporter-target",
            "fraud-model, ",
            "kube-state-metricsd, "})
    void noActionChangesADeploymentNamedAfterAnExporter(String deployment, String refusedBy) {
        Verdict verdict = guards().check(new ActionRequest("incident", "decision", 0, new Action(ActionType.SCALE,
                new Action.Target("Deployment", "ml", deployment), Map.of("replicas", 1), true, Risk.HIGH, null), null, NOW));
        assertEquals(refusedBy, verdict == null ? null : verdict.guard());
    }

    @Test
    void theExporterListIsTheOperatorsToExtend() {
        ActionRequest request = new ActionRequest("incident", "decision", 0, new Action(ActionType.RESTART,
                new Action.Target("Deployment", "ml", "otel-collector"), Map.of(), true, Risk.MEDIUM, null), null, NOW);
        assertNull(guards().check(request));
        Verdict verdict = guards("runbook.act.exporter-names", "kube-state-metrics,otel-collector").check(request);
        assertEquals("exporter-target", verdict.guard());
        assertEquals("Deployment ml/otel-collector is named after the exporter otel-collector (runbook.act.exporter-names): "
                + "the monitoring stack is never remediated", verdict.message());
    }

    @Test
    void notificationsChangeNoClusterSoOnlyTheirParametersAreChecked() {
        assertNull(guards().check(request(ActionType.NOTIFY, "kube-system", Map.of("channel", "#ml-ops-oncall"), Risk.LOW)));
    }

    @ParameterizedTest(name = "selector ''{0}'' on {1}")
    @CsvSource(delimiter = ';', value = {
            "'';                       '';                           ",
            "remediable=true;          remediable=true;              ",
            "remediable=true;          remediable=false;             deployment-selector",
            "remediable;               remediable=anything;          ",
            "remediable;               team=ml;                      deployment-selector",
            " tier = model , remediable=true; tier=model,remediable=true;  "})
    void theSelectorNeedsEveryLabelItNames(String selector, String labels, String refusedBy) {
        Map<String, String> present = new HashMap<>();
        for (String label : labels.split(",")) {
            if (!label.isBlank()) {
                present.put(label.split("=")[0].trim(), label.split("=")[1].trim());
            }
        }
        Verdict verdict = guards("runbook.act.deployment-selector", selector)
                .selector(request(ActionType.SCALE, "ml", Map.of(), Risk.MEDIUM), present);
        assertEquals(refusedBy, verdict == null ? null : verdict.guard());
    }

    @Test
    void aHighRiskActionWaitsForApprovalUntilTheTimeoutUnlessAutoApproved() {
        ActionRequest rollback = request(ActionType.ROLLOUT_UNDO, "ml", Map.of(), Risk.HIGH);
        Verdict waiting = guards().admit(rollback, history(null, 0), false);
        assertEquals(ActionStatus.AWAITING_APPROVAL, waiting.status());
        assertEquals(NOW.plusSeconds(30 * 60), waiting.expiresAt());
        assertEquals(ActionStatus.STARTED, guards().admit(rollback, history(null, 0), true).status());
        assertEquals(ActionStatus.STARTED, guards("runbook.act.auto-approve-high-risk", "true")
                .admit(rollback, history(null, 0), false).status());
    }

    @Test
    void anotherDecisionsChangeWithinTheCooldownIsRefusedAndOneJustOutsideIsNot() {
        ActionRequest scale = request(ActionType.SCALE, "ml", Map.of("replicas", 5), Risk.MEDIUM);
        assertEquals("cooldown", guards().admit(scale, history(NOW.minusSeconds(599), 0), false).guard());
        assertEquals(ActionStatus.STARTED, guards().admit(scale, history(NOW.minusSeconds(600), 0), false).status());
    }

    @Test
    void theBudgetCountsEveryChangeOfTheWindow() {
        ActionRequest scale = request(ActionType.SCALE, "ml", Map.of("replicas", 5), Risk.MEDIUM);
        assertEquals(ActionStatus.STARTED, guards().admit(scale, history(null, 4), false).status());
        assertEquals("budget", guards().admit(scale, history(null, 5), false).guard());
        assertEquals("budget", guards("runbook.act.budget", "2").admit(scale, history(null, 2), false).guard());
    }
}
