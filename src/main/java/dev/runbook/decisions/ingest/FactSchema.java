package dev.runbook.decisions.ingest;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.runbook.decisions.domain.IncidentType;

/**
 * The incident facts the decision service accepts: each name with its rule, which are required, and the defaults
 * filled in when a fact is absent. This is the API contract; what the facts mean lives in dmn/ and rules/.
 */
public final class FactSchema {

    /** The runbook sections a caller may name as the symptom: every incident type but UNCLASSIFIED. */
    public static final List<String> INCIDENT_TYPES = Arrays.stream(IncidentType.values())
            .filter(type -> type != IncidentType.UNCLASSIFIED).map(Enum::name).toList();

    /** Kubernetes object names: the service names the Deployment that remediation acts on. */
    private static final FactRule DNS_SUBDOMAIN = new FactRule.Text(253,
            Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"), "lower-case letters, digits, '-' and '.' (a Kubernetes name)");
    private static final FactRule DNS_LABEL = new FactRule.Text(63,
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), "lower-case letters, digits and '-' (a Kubernetes namespace)");
    private static final FactRule TEXT = new FactRule.Text(FactRule.MAX_TEXT, null, null);
    private static final FactRule FLAG = new FactRule.Flag();
    private static final FactRule FRACTION = new FactRule.Number(BigDecimal.ONE, false);
    private static final FactRule AMOUNT = new FactRule.Number(null, false);
    private static final FactRule COUNT = new FactRule.Number(null, true);

    public static final Map<String, FactRule> RULES = rules();

    /** The unit a fact is measured in, so that alert labels such as "12%", "1.4s" or "2Gi" can be read leniently. */
    public enum Unit { FRACTION, SECONDS, MILLIS, MINUTES, BYTES, PLAIN }

    public static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("errorRate", Unit.FRACTION), Map.entry("cpuUtilization", Unit.FRACTION),
            Map.entry("memoryUtilization", Unit.FRACTION), Map.entry("driftScore", Unit.FRACTION),
            Map.entry("accuracyDrop", Unit.FRACTION), Map.entry("latencyP95Seconds", Unit.SECONDS),
            Map.entry("inferenceMillis", Unit.MILLIS), Map.entry("networkMillis", Unit.MILLIS),
            Map.entry("databaseMillis", Unit.MILLIS), Map.entry("mlflowDownMinutes", Unit.MINUTES),
            Map.entry("modelSizeBytes", Unit.BYTES));
    public static final Set<String> REQUIRED = Set.of("service");
    public static final Map<String, Object> DEFAULTS = Map.of("namespace", "default", "environment", "production");

    private FactSchema() {
    }

    private static Map<String, FactRule> rules() {
        Map<String, FactRule> rules = new LinkedHashMap<>();
        rules.put("service", DNS_SUBDOMAIN);
        rules.put("namespace", DNS_LABEL);
        rules.put("environment", new FactRule.OneOf(List.of("production", "staging", "development")));
        rules.put("modelName", new FactRule.Text(253, Pattern.compile("[A-Za-z0-9._-]+"), "letters, digits, '.', '_' and '-'"));
        rules.put("summary", TEXT);
        rules.put("dedupKey", new FactRule.Text(512, null, null));
        rules.put("symptom", new FactRule.OneOf(INCIDENT_TYPES));
        for (String flag : List.of("productionOutage", "productionTrafficAffected", "userImpact", "customerFacing",
                "modelLoadFailed", "previousVersionHealthy", "trafficNormal", "mlflowAvailable", "oomKilled", "memoryGrowing")) {
            rules.put(flag, FLAG);
        }
        for (String fraction : List.of("errorRate", "cpuUtilization", "memoryUtilization", "driftScore", "accuracyDrop")) {
            rules.put(fraction, FRACTION);
        }
        for (String amount : List.of("latencyP95Seconds", "inferenceMillis", "networkMillis", "databaseMillis",
                "mlflowDownMinutes", "modelSizeBytes")) {
            rules.put(amount, AMOUNT);
        }
        rules.put("batchSize", COUNT);
        rules.put("exitCode", new FactRule.Number(BigDecimal.valueOf(255), true));
        rules.put("errorType", new FactRule.OneOf(List.of("MALFORMED_INPUT", "MODEL_NOT_READY", "PREDICTION_FAILED", "TIMEOUT")));
        rules.put("errorMessage", TEXT);
        rules.put("driftSource", new FactRule.OneOf(List.of("UPSTREAM_PIPELINE", "USER_INPUT", "UNKNOWN")));
        rules.put("mlflowImpactPhase", new FactRule.OneOf(List.of("STARTUP", "MODEL_RELOAD", "PROMOTION")));
        return Map.copyOf(rules);
    }
}
