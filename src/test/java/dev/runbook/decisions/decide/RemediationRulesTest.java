package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Engine-level tests of rules/ (no Quarkus): for every rule, one incident on which it fires with the actions it must
 * propose, and one close to it on which it must not fire. The thresholds are the real ones the DMN models decide
 * (dmn/remediation-thresholds.dmn and the tables it reads from), so a changed threshold shows up here; the actions are
 * compared in plan order (dmn/action-catalogue.dmn).
 */
class RemediationRulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIRED = new TreeSet<>();
    private static final Set<String> NOT_FIRED = new TreeSet<>();

    private static RemediationRules rules;
    private static ActionPlanner planner;
    private static Map<String, Object> context;
    private static Thresholds thresholds;

    @BeforeAll
    static void compile() {
        ModelRegistry registry = new ModelRegistry();
        rules = registry.current().rules();
        planner = new ActionPlanner(registry.current());
        context = registry.current().factModels().run(ModelContract.CHECK_FACTS).context();
        thresholds = ModelContract.REMEDIATION_THRESHOLDS.from(context);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // high-error-rate.drl
                fires("Error rate above 10%: undo the last rollout at once",
                        incident("HIGH_ERROR_RATE", "errorRate", 0.1001), "ROLLOUT_UNDO"),
                doesNotFire("Error rate above 10%: undo the last rollout at once", incident("HIGH_ERROR_RATE", "errorRate", 0.10)),
                fires("Error rate 5-10%: investigate first, then decide", incident("HIGH_ERROR_RATE", "errorRate", 0.10), "INVESTIGATE"),
                doesNotFire("Error rate 5-10%: investigate first, then decide", incident("HIGH_ERROR_RATE", "errorRate", 0.049)),
                fires("Error rate below 5%: monitor and investigate", incident("HIGH_ERROR_RATE", "errorRate", 0.03), "MONITOR{minutes=15}"),
                doesNotFire("Error rate below 5%: monitor and investigate", incident("HIGH_ERROR_RATE", "errorRate", 0.05)),
                fires("Saturated CPU or memory with high errors: scale up",
                        incident("HIGH_ERROR_RATE", "memoryUtilization", 0.95), "SCALE{replicas=5}"),
                doesNotFire("Saturated CPU or memory with high errors: scale up",
                        incident("HIGH_ERROR_RATE", "cpuUtilization", 0.8, "memoryUtilization", 0.9)),
                fires("Malformed input errors need no remediation: monitor upstream sources",
                        incident("HIGH_ERROR_RATE", "errorType", "MALFORMED_INPUT", "errorRate", 0.2), "MONITOR{minutes=15, what=upstream data sources}"),
                doesNotFire("Error rate above 10%: undo the last rollout at once",
                        incident("HIGH_ERROR_RATE", "errorType", "MALFORMED_INPUT", "errorRate", 0.2)),
                doesNotFire("Malformed input errors need no remediation: monitor upstream sources",
                        incident("HIGH_ERROR_RATE", "errorType", "TIMEOUT")),
                fires("Model not ready errors: restart the service's pods and follow MLflow Service Down",
                        incident("HIGH_ERROR_RATE", "errorType", "MODEL_NOT_READY"), "RESTART", "RESTART@mlflow/mlflow", "INVESTIGATE"),
                doesNotFire("Model not ready errors: restart the service's pods and follow MLflow Service Down",
                        incident("HIGH_ERROR_RATE", "errorType", "PREDICTION_FAILED")),
                fires("Prediction failed with model not ready: restart pods",
                        incident("HIGH_ERROR_RATE", "errorType", "PREDICTION_FAILED", "errorMessage", "Model not ready"), "RESTART"),
                doesNotFire("Prediction failed with model not ready: restart pods",
                        incident("HIGH_ERROR_RATE", "errorType", "PREDICTION_FAILED", "errorMessage", "Out of memory")),
                fires("Timeouts follow the High Latency section",
                        incident("HIGH_ERROR_RATE", "errorType", "TIMEOUT", "batchSize", 150), "SET_ENV{name=MAX_BATCH_SIZE, value=50}"),
                doesNotFire("Timeouts follow the High Latency section", incident("HIGH_ERROR_RATE", "errorType", "MODEL_NOT_READY")),
                fires("Out of memory errors: raise memory requests and limits",
                        incident("HIGH_ERROR_RATE", "errorMessage", "java: OUT OF MEMORY in predict"), "SET_RESOURCES{requestsMemory=1Gi, limitsMemory=2Gi}"),
                doesNotFire("Out of memory errors: raise memory requests and limits", incident("HIGH_ERROR_RATE", "errorMessage", "Feature error")),
                fires("Feature errors: run the data validation", incident("HIGH_ERROR_RATE", "errorMessage", "Feature error: NaN"), "RUN_DATA_VALIDATION"),
                doesNotFire("Feature errors: run the data validation", incident("HIGH_ERROR_RATE", "errorMessage", "Timeout")),
                // high-latency.drl
                fires("Saturated CPU or memory: scale up to 5 replicas and autoscale", incident("HIGH_LATENCY", "cpuUtilization", 0.81),
                        "SCALE{replicas=5}", "AUTOSCALE{minReplicas=3, maxReplicas=10, cpuPercent=70}"),
                doesNotFire("Saturated CPU or memory: scale up to 5 replicas and autoscale",
                        incident("HIGH_LATENCY", "cpuUtilization", 0.8, "memoryUtilization", 0.9)),
                fires("Batches above 100: reduce MAX_BATCH_SIZE to 50", incident("HIGH_LATENCY", "batchSize", 101),
                        "SET_ENV{name=MAX_BATCH_SIZE, value=50}"),
                doesNotFire("Batches above 100: reduce MAX_BATCH_SIZE to 50", incident("HIGH_LATENCY", "batchSize", 100)),
                fires("Slow model inference: investigate model optimisation", incident("HIGH_LATENCY", "inferenceMillis", 501), "INVESTIGATE"),
                doesNotFire("Slow model inference: investigate model optimisation", incident("HIGH_LATENCY", "inferenceMillis", 500)),
                fires("Database time dominates: investigate the database", incident("HIGH_LATENCY", "latencyBottleneck", "DATABASE"), "INVESTIGATE"),
                doesNotFire("Database time dominates: investigate the database", incident("HIGH_LATENCY", "latencyBottleneck", "NETWORK")),
                fires("Network time dominates: investigate the network", incident("HIGH_LATENCY", "latencyBottleneck", "NETWORK"), "INVESTIGATE"),
                doesNotFire("Network time dominates: investigate the network", incident("HIGH_LATENCY", "latencyBottleneck", "INFERENCE")),
                // model-degradation.drl
                fires("Model fails to load or previous version was healthy: roll back to the staging model and monitor",
                        incident("MODEL_PERFORMANCE_DEGRADATION", "modelLoadFailed", true, "modelName", "iris-random-forest"),
                        "ROLLBACK_MODEL{env=MODEL_VERSION, value=iris-random-forest:staging}", "MONITOR{minutes=5}"),
                fires("Model fails to load or previous version was healthy: roll back to the staging model and monitor",
                        incident("MODEL_PERFORMANCE_DEGRADATION", "previousVersionHealthy", true),
                        "ROLLBACK_MODEL{env=MODEL_VERSION, value=ml-model-api:staging}", "MONITOR{minutes=5}"),
                doesNotFire("Model fails to load or previous version was healthy: roll back to the staging model and monitor",
                        incident("MODEL_PERFORMANCE_DEGRADATION", "previousVersionHealthy", false)),
                fires("No healthy version to roll back to: investigate the new model",
                        incident("MODEL_PERFORMANCE_DEGRADATION", "previousVersionHealthy", false), "INVESTIGATE"),
                doesNotFire("No healthy version to roll back to: investigate the new model",
                        incident("MODEL_PERFORMANCE_DEGRADATION", "modelLoadFailed", true)),
                fires("Drift above 0.3 during degradation: run the data drift checks",
                        incident("MODEL_PERFORMANCE_DEGRADATION", "driftScore", 0.31, "previousVersionHealthy", true, "accuracyDrop", 0.2),
                        "ROLLBACK_MODEL{env=MODEL_VERSION, value=ml-model-api:staging}", "MONITOR{minutes=5}", "DEMOTE_MODEL", "RETRAIN_MODEL"),
                doesNotFire("Drift above 0.3 during degradation: run the data drift checks",
                        incident("MODEL_PERFORMANCE_DEGRADATION", "driftScore", 0.3)),
                // data-drift.drl
                fires("Abnormal traffic: possible false alarm, keep monitoring", incident("DATA_DRIFT", "trafficNormal", false, "accuracyDrop", 0.5),
                        "MONITOR{minutes=15, what=request volume and drift score}"),
                doesNotFire("Abnormal traffic: possible false alarm, keep monitoring", incident("DATA_DRIFT", "trafficNormal", true)),
                fires("Accuracy impact unknown: evaluate the model on recent data", incident("DATA_DRIFT"), "INVESTIGATE"),
                doesNotFire("Accuracy impact unknown: evaluate the model on recent data", incident("DATA_DRIFT", "accuracyDrop", 0.01)),
                fires("Accuracy not affected: update the drift baseline, no remediation", incident("DATA_DRIFT", "accuracyDrop", 0.05),
                        "UPDATE_DRIFT_BASELINE"),
                doesNotFire("Accuracy not affected: update the drift baseline, no remediation", incident("DATA_DRIFT", "accuracyDrop", 0.051)),
                fires("Accuracy down more than 5%: demote the model and retrain", incident("DATA_DRIFT", "accuracyDrop", 0.051),
                        "DEMOTE_MODEL", "RETRAIN_MODEL"),
                doesNotFire("Accuracy down more than 5%: demote the model and retrain",
                        incident("DATA_DRIFT", "accuracyDrop", 0.5, "trafficNormal", false)),
                fires("Upstream pipeline changed: investigate and fix the data source",
                        incident("DATA_DRIFT", "driftSource", "UPSTREAM_PIPELINE", "accuracyDrop", 0.0), "UPDATE_DRIFT_BASELINE", "INVESTIGATE"),
                doesNotFire("Upstream pipeline changed: investigate and fix the data source",
                        incident("DATA_DRIFT", "driftSource", "UPSTREAM_PIPELINE", "trafficNormal", false)),
                fires("User input distribution changed: expected, no action",
                        incident("DATA_DRIFT", "driftSource", "USER_INPUT", "accuracyDrop", 0.0), "UPDATE_DRIFT_BASELINE"),
                doesNotFire("User input distribution changed: expected, no action", incident("DATA_DRIFT", "driftSource", "UNKNOWN")),
                fires("Unknown drift source: investigate further", incident("DATA_DRIFT", "driftSource", "UNKNOWN", "accuracyDrop", 0.0),
                        "UPDATE_DRIFT_BASELINE", "INVESTIGATE"),
                doesNotFire("Unknown drift source: investigate further", incident("DATA_DRIFT", "driftSource", "USER_INPUT")),
                // mlflow-down.drl
                fires("MLflow down: restart the MLflow deployment and check its database", incident("MLFLOW_DOWN"),
                        "RESTART@mlflow/mlflow", "INVESTIGATE"),
                doesNotFire("MLflow down: restart the MLflow deployment and check its database", incident("HIGH_LATENCY")),
                fires("MLflow down at model reload: keep serving the cached model", incident("MLFLOW_DOWN", "mlflowImpactPhase", "MODEL_RELOAD"),
                        "RESTART@mlflow/mlflow", "INVESTIGATE", "USE_CACHED_MODEL{maxHours=2}"),
                doesNotFire("MLflow down at model reload: keep serving the cached model", incident("MLFLOW_DOWN", "mlflowImpactPhase", "STARTUP")),
                fires("MLflow down over 2 hours: start disaster recovery", incident("MLFLOW_DOWN", "mlflowDownMinutes", 121),
                        "RESTART@mlflow/mlflow", "INVESTIGATE", "DISASTER_RECOVERY"),
                doesNotFire("MLflow down over 2 hours: start disaster recovery", incident("MLFLOW_DOWN", "mlflowDownMinutes", 120)),
                // out-of-memory.drl
                fires("Out of memory: scale to 1 so the failed pod is recreated, then back to 3", incident("OUT_OF_MEMORY"),
                        "SCALE{replicas=1}", "SCALE{replicas=3}", "SET_RESOURCES{requestsMemory=1Gi, limitsMemory=2Gi}"),
                doesNotFire("Out of memory: scale to 1 so the failed pod is recreated, then back to 3", incident("HIGH_ERROR_RATE")),
                fires("Out of memory: raise memory requests to 1Gi and limits to 2Gi", incident("OUT_OF_MEMORY"),
                        "SCALE{replicas=1}", "SCALE{replicas=3}", "SET_RESOURCES{requestsMemory=1Gi, limitsMemory=2Gi}"),
                doesNotFire("Out of memory: raise memory requests to 1Gi and limits to 2Gi", incident("MLFLOW_DOWN")),
                fires("Model over 1 GiB: investigate quantisation or ONNX", incident("OUT_OF_MEMORY", "modelSizeBytes", 1073741825),
                        "SCALE{replicas=1}", "SCALE{replicas=3}", "SET_RESOURCES{requestsMemory=1Gi, limitsMemory=2Gi}", "INVESTIGATE"),
                doesNotFire("Model over 1 GiB: investigate quantisation or ONNX", incident("OUT_OF_MEMORY", "modelSizeBytes", 1073741824)),
                fires("Out of memory with batches above 100: reduce MAX_BATCH_SIZE to 50", incident("OUT_OF_MEMORY", "batchSize", 101),
                        "SCALE{replicas=1}", "SCALE{replicas=3}", "SET_RESOURCES{requestsMemory=1Gi, limitsMemory=2Gi}",
                        "SET_ENV{name=MAX_BATCH_SIZE, value=50}"),
                doesNotFire("Out of memory with batches above 100: reduce MAX_BATCH_SIZE to 50", incident("OUT_OF_MEMORY", "batchSize", 100)),
                fires("Memory growing over time: investigate a leak", incident("OUT_OF_MEMORY", "memoryGrowing", true),
                        "SCALE{replicas=1}", "SCALE{replicas=3}", "SET_RESOURCES{requestsMemory=1Gi, limitsMemory=2Gi}", "INVESTIGATE"),
                doesNotFire("Memory growing over time: investigate a leak", incident("OUT_OF_MEMORY", "memoryGrowing", false)));
    }

    /** For narrow cases (one rule's own actions), {@code actions} lists exactly the actions of the whole run. */
    @ParameterizedTest(name = "fires: {0}")
    @MethodSource("firing")
    void ruleFiresAndProposesItsActions(String rule, Incident incident, List<String> actions) {
        RuleOutcome outcome = rules.evaluate(incident, thresholds);
        assertTrue(firedRules(outcome).contains(rule), rule + " should fire; fired: " + firedRules(outcome));
        assertEquals(actions, describe(planner.ordered(outcome.actions(), context)));
        FIRED.add(rule);
    }

    @ParameterizedTest(name = "does not fire: {0}")
    @MethodSource("notFiring")
    void ruleDoesNotFire(String rule, Incident incident) {
        RuleOutcome outcome = rules.evaluate(incident, thresholds);
        assertFalse(firedRules(outcome).contains(rule), rule + " should not fire");
        NOT_FIRED.add(rule);
    }

    @AfterAll
    static void everyRuleWasTestedBothWays() {
        Set<String> all = rules.files().stream().flatMap(f -> f.rules().stream()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, FIRED, "every rule needs a case where it fires");
        assertEquals(all, NOT_FIRED, "every rule needs a case where it does not fire");
    }

    static Stream<Arguments> firing() {
        return cases().filter(a -> a.get().length == 3);
    }

    static Stream<Arguments> notFiring() {
        return cases().filter(a -> a.get().length == 2);
    }

    private static Arguments fires(String rule, Incident incident, String... actions) {
        return Arguments.of(rule, incident, List.of(actions));
    }

    private static Arguments doesNotFire(String rule, Incident incident) {
        return Arguments.of(rule, incident);
    }

    private static Incident incident(String section, Object... facts) {
        Map<String, Object> values = new HashMap<>();
        values.put("service", "ml-model-api");
        values.put("namespace", "default");
        values.put("incidentType", section);
        for (int i = 0; i < facts.length; i += 2) {
            values.put((String) facts[i], facts[i + 1]);
        }
        return MAPPER.convertValue(values, Incident.class);
    }

    private static List<String> firedRules(RuleOutcome outcome) {
        return outcome.firedRules().stream().map(Explanation::rule).toList();
    }

    /** "TYPE", "TYPE{param=value, ...}" or "TYPE@namespace/name" of a plan; an INVESTIGATE step's prose is left out. */
    private static List<String> describe(List<ProposedAction> actions) {
        return actions.stream()
                .map(a -> a.getType() + (a.getParams().isEmpty() || "INVESTIGATE".equals(a.getType()) ? "" : a.getParams().toString())
                        + (a.getTargetName() == null ? "" : "@" + a.getTargetNamespace() + "/" + a.getTargetName()))
                .toList();
    }
}
