package dev.runbook.decisions.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.act.EscalationWatch;
import dev.runbook.decisions.act.Escalations;
import dev.runbook.decisions.audit.ChainCheckJob;
import dev.runbook.decisions.store.Rows;
import dev.runbook.decisions.store.Store;
import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.Deployments;
import dev.runbook.decisions.support.Facts;
import dev.runbook.decisions.support.Http;
import dev.runbook.decisions.support.ReceivingTest;
import dev.runbook.decisions.support.Scrape;
import dev.runbook.decisions.support.TestKeys;

/**
 * The meters operators alert on (docs/operations.md, "Metrics and alerts"), read from /q/metrics as Prometheus reads
 * them after real requests: each family is there with its labels and moves by what the requests did. Other tests
 * share the application, so every count is compared before and after.
 */
@QuarkusTest
class MetricsTest extends ReceivingTest {

    @Inject
    KubernetesClient client;
    @Inject
    Escalations escalations;
    @Inject
    EscalationWatch watch;
    @Inject
    ChainCheckJob chainCheck;
    @Inject
    Store store;

    @Test
    void aDecisionCountsByItsSeverityAndTypeAndTimesEveryStage() {
        Scrape before = Scrape.now();
        JsonPath answer = Api.decide(Facts.of("high-error-rate-p1-out-of-memory", "ml", Api.uniqueService("metered"), Map.of()));
        Scrape after = Scrape.now();

        String severity = answer.getString("severity");
        String type = answer.getString("incidentType");
        assertEquals(1, delta(before, after, "runbook_decisions_total", "severity", severity, "incident_type", type));
        assertEquals(Set.of(Set.of("severity", "incident_type")), after.labelNames("runbook_decisions_total"));
        assertEquals(1, delta(before, after, "runbook_decision_latency_seconds_count", "entry", "DECISION"));
        for (String stage : List.of("PARSE", "DECIDE", "RECORD", "ACT")) {
            assertEquals(1, delta(before, after, "runbook_decision_stage_seconds_count", "entry", "DECISION", "stage", stage), stage);
        }
        assertEquals(1, delta(before, after, "runbook_audit_append_seconds_count", "outcome", "COMMITTED"));
        assertTrue(delta(before, after, "runbook_audit_batch_callers_count") >= 1, "a batch wrote the decision");
        assertTrue(delta(before, after, "runbook_audit_chain_held_seconds_count") >= 1);
        // Fixed buckets, the same on every replica: the +Inf bucket is the count, and a finite one holds the answer.
        assertEquals(after.sum("runbook_decision_latency_seconds_count", "entry", "DECISION"),
                after.sum("runbook_decision_latency_seconds_bucket", "entry", "DECISION", "le", "+Inf"));
        assertEquals(14, after.matching("runbook_decision_latency_seconds_bucket", "entry", "DECISION").size() - 1,
                "the 14 buckets and +Inf");
        assertFalse(after.matching("runbook_audit_batch_callers_bucket", "le", "64.0").isEmpty());
    }

    @Test
    void alertsCountByWhatBecameOfThemDuplicatesAndRejectionsIncluded() {
        String fingerprint = "m" + UUID.randomUUID();
        String body = "{\"status\":\"firing\",\"receiver\":\"metered\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"MLModelHighErrorRate\",\"service\":\"" + Api.uniqueService("alerted")
                + "\",\"namespace\":\"ml\"},\"annotations\":{\"error_rate\":\"12%\"},\"startsAt\":\"2026-11-27T08:00:00Z\",\"fingerprint\":\"" + fingerprint + "\"},"
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Watchdog\"},\"annotations\":{},\"startsAt\":\"2026-11-27T08:00:00Z\","
                + "\"fingerprint\":\"" + fingerprint + "-no-service\"}]}";
        Scrape before = Scrape.now();
        JsonPath first = Api.post("/api/v1/alerts/alertmanager", body);
        Api.post("/api/v1/alerts/alertmanager", body);
        given().contentType(ContentType.JSON).body("{\"alerts\": \"nope\"}").when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(400);
        Scrape after = Scrape.now();

        assertEquals(List.of("DECIDED", "REJECTED"), first.getList("alerts.outcome"));
        assertEquals(1, delta(before, after, "runbook_alerts_total", "sender", "alertmanager", "outcome", "DECIDED"));
        assertEquals(1, delta(before, after, "runbook_alerts_total", "sender", "alertmanager", "outcome", "REJECTED"));
        assertEquals(2, delta(before, after, "runbook_alerts_total", "sender", "alertmanager", "outcome", "DEDUPLICATED"),
                "the redelivery's two alerts");
        assertEquals(4, delta(before, after, "runbook_alerts_total", "sender", "alertmanager"));
        assertEquals(Set.of(Set.of("sender", "outcome")), after.labelNames("runbook_alerts_total"));
        assertEquals(1, delta(before, after, "runbook_alert_deliveries_rejected_total", "sender", "alertmanager"));
        assertEquals(1, delta(before, after, "runbook_decisions_total", "severity", first.getString("alerts[0].severity"),
                "incident_type", first.getString("alerts[0].incidentType")), "the alert's decision, once");

        assertEquals(2, delta(before, after, "runbook_decision_latency_seconds_count", "entry", "ALERT_DELIVERY"),
                "the refused delivery is not answered with a decision");
        assertEquals(3, delta(before, after, "runbook_decision_stage_seconds_count", "entry", "ALERT_DELIVERY", "stage", "PARSE"));
        assertEquals(2, delta(before, after, "runbook_decision_stage_seconds_count", "entry", "ALERT_DELIVERY", "stage", "DECIDE"));
        assertEquals(1, delta(before, after, "runbook_decision_stage_seconds_count", "entry", "ALERT_DELIVERY", "stage", "RECORD"),
                "the redelivery had nothing to record");
        assertEquals(2, delta(before, after, "runbook_audit_append_seconds_count", "outcome", "COMMITTED"),
                "the delivery, and the refused delivery's record");
    }

    @Test
    void executedActionsGuardRefusalsAndEscalationStepsCountByOutcome() {
        String service = Api.uniqueService("metered-oom");
        Deployments.create(client, "ml", service, Deployments.REMEDIABLE);
        Scrape before = Scrape.now();
        JsonPath executed = decide("ml", service, "execute");
        JsonPath refused = decide("metrics-not-allowed", service, "execute");
        Scrape afterActions = Scrape.now();

        Map<List<String>, Long> recorded = byTypeAndStatus(executed, refused);
        assertTrue(recorded.containsKey(List.of("SCALE", "AWAITING_APPROVAL")) && recorded.containsKey(List.of("NOTIFY", "SUCCEEDED")),
                recorded.toString());
        recorded.forEach((typeAndStatus, count) -> assertEquals((double) count, delta(before, afterActions, "runbook_actions_total",
                "type", typeAndStatus.get(0), "status", typeAndStatus.get(1), "mode", "EXECUTE"), typeAndStatus.toString()));
        long refusals = refused.getList("execution.guard").stream().filter("namespace-allowlist"::equals).count();
        assertTrue(refusals > 0, "the namespace is not allowed: its Kubernetes actions are refused");
        assertEquals(refusals, delta(before, afterActions, "runbook_guard_refusals_total", "guard", "namespace-allowlist", "mode", "EXECUTE"));
        assertEquals(Set.of(Set.of("guard", "mode")), afterActions.labelNames("runbook_guard_refusals_total"));

        String incident = executed.getString("incident.id");
        JsonPath steps = incident(incident);
        Instant opened = Instant.parse(steps.getString("escalation[0].dueAt"));
        long overdue = watch.count(opened.plusSeconds(3600));
        escalations.fireDue(opened);
        given().post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200);
        Scrape after = Scrape.now();

        JsonPath view = incident(incident);
        assertEquals("FIRED", view.getString("escalation[0].status"));
        assertTrue(delta(before, after, "runbook_escalation_steps_total", "channel", view.getString("escalation[0].channel"),
                "role", view.getString("escalation[0].role"), "status", "FIRED") >= 1, "the first step fired");
        List<Map<String, String>> cancelled = view.getList("escalation.findAll { it.status == 'CANCELLED' }");
        assertFalse(cancelled.isEmpty(), view.getList("escalation.status").toString());
        cancelled.stream().collect(Collectors.groupingBy(s -> List.of(s.get("channel"), s.get("role")), Collectors.counting()))
                .forEach((channelAndRole, count) -> assertEquals((double) count, delta(before, after, "runbook_escalation_steps_total",
                        "channel", channelAndRole.get(0), "role", channelAndRole.get(1), "status", "CANCELLED"), channelAndRole.toString()));
        assertEquals(Set.of(Set.of("channel", "role", "status")), after.labelNames("runbook_escalation_steps_total"));
        assertTrue(overdue >= steps.getList("escalation").size(), "an hour on, every step of the incident is overdue");
        assertEquals((double) overdue, after.sum("runbook_escalation_steps_overdue"), "the count, as last taken");
    }

    @Test
    void theChainCheckAndTheLiveModelVersionsArePublished() {
        Api.decide(Facts.of("high-error-rate-p1-out-of-memory", "ml", Api.uniqueService("chain"), Map.of()));
        var checked = chainCheck.check();
        Scrape after = Scrape.now();
        assertTrue(checked.valid());
        assertEquals(1, after.sum("runbook_audit_chain_valid"));
        assertEquals((double) checked.lastSeq(), after.sum("runbook_audit_chain_checked_seq"));
        assertTrue(after.sum("runbook_audit_chain_checked_time_seconds") >= Instant.now().getEpochSecond() - 60);

        // A record altered after the last check: the next check reads it, finds it, and says so until it is put back.
        String id = Api.decide(Facts.of("high-error-rate-p1-out-of-memory", "ml", Api.uniqueService("altered"), Map.of()))
                .getString("decisionId");
        long seq = Api.get("/api/v1/decisions/" + id).getLong("seq");
        String original = store.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT body FROM audit_record WHERE id = ?")) {
                select.setString(1, id);
                return Rows.all(select, rs -> rs.getString(1)).get(0);
            }
        });
        try {
            setBody(id, original.replace("\"P1\"", "\"P4\""));
            assertFalse(chainCheck.check().valid());
            assertEquals(0, Scrape.now().sum("runbook_audit_chain_valid"));
            assertEquals((double) seq, Scrape.now().sum("runbook_audit_chain_checked_seq"), "where it broke");
            assertFalse(chainCheck.check().valid(), "still broken at the next check");
        } finally {
            setBody(id, original);
        }
        assertTrue(chainCheck.check().valid());
        assertEquals(1, Scrape.now().sum("runbook_audit_chain_valid"));

        JsonPath record = Api.get("/api/v1/decisions/" + Api.decide(Facts.of("high-error-rate-p1-out-of-memory", "ml",
                Api.uniqueService("models"), Map.of())).getString("decisionId"));
        List<Map<String, Object>> used = record.getList("record.models.findAll { it.kind == 'DMN' }");
        assertFalse(used.isEmpty());
        for (Map<String, Object> model : used) {
            String source = (String) model.get("source");
            String name = source.substring("dmn/".length(), source.length() - ".dmn".length());
            List<Scrape.Sample> live = after.matching("runbook_models_live", "model", name);
            assertEquals(1, live.size(), name + ": one live version per model on a replica");
            assertEquals(String.valueOf(model.get("version")), live.get(0).labels().get("version"), name);
            assertEquals(1, live.get(0).value());
        }
    }

    /**
     * The shipped dashboard and alerting rules read only series this service exposes (or the rules record): a meter
     * renamed here breaks this test, not a panel in production. And every family operators alert on has a panel.
     */
    @Test
    void theDashboardAndTheRulesReadOnlyWhatTheServiceExposes() throws Exception {
        String service = Api.uniqueService("exposed");
        JsonPath refused = decide("metrics-not-allowed", service, "execute");
        escalations.fireDue(Instant.parse(incident(refused.getString("incident.id")).getString("escalation[0].dueAt")));
        given().contentType(ContentType.JSON).body("{\"alerts\": \"nope\"}").when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(400);
        // With the sender's key in the path, as senders that can set no header send it: /q/metrics is open.
        assertEquals(200, Http.send("POST", "/api/v1/alerts/alertmanager/" + TestKeys.EVALUATOR, "application/json",
                "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"Watchdog\",\"service\":\"" + service
                        + "\"},\"fingerprint\":\"e" + UUID.randomUUID() + "\"}]}", Map.of()).statusCode());
        Scrape exposed = Scrape.now();

        JsonNode rules = YAML.readTree(Path.of("deploy/prometheus/service-rules.yml").toFile());
        Set<String> recorded = new TreeSet<>();
        List<String> ruleExpressions = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            if (rule.has("record")) {
                recorded.add(rule.path("record").asText());
            }
            ruleExpressions.add(rule.path("expr").asText());
        }));
        List<String> panelExpressions = JSON.readTree(Path.of("deploy/grafana/runbook-decisions.json").toFile())
                .findValues("expr").stream().map(JsonNode::asText).toList();
        Set<String> available = new TreeSet<>(exposed.names());
        available.addAll(recorded);

        Set<String> unknown = new TreeSet<>();
        for (String expression : concat(ruleExpressions, panelExpressions)) {
            metricNames(expression).stream().filter(name -> !available.contains(name)).forEach(unknown::add);
        }
        assertEquals(Set.of(), unknown, "names the dashboard or the rules read that /q/metrics does not serve");

        Set<String> onPanels = new TreeSet<>();
        panelExpressions.forEach(e -> onPanels.addAll(metricNames(e)));
        // A timer's _max (the largest in a decaying window, per replica) adds nothing its buckets do not show.
        Set<String> withoutPanel = exposed.families().stream().filter(f -> f.startsWith("runbook_") && !f.startsWith("runbook_shadow_"))
                .filter(f -> !(f.endsWith("_max") && exposed.families().contains(f.substring(0, f.length() - "_max".length()))))
                .filter(f -> onPanels.stream().noneMatch(name -> name.startsWith(f))).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), withoutPanel, "families with no panel on the dashboard");
        List<String> alertUris = exposed.matching("http_server_requests_seconds_count", "method", "POST").stream()
                .map(sample -> sample.labels().get("uri")).filter(uri -> uri.startsWith("/api/v1/alerts/")).toList();
        assertFalse(alertUris.isEmpty(), "the rules' uri=~\"/api/v1/(decisions|alerts/).*\" finds the webhooks");
        assertTrue(alertUris.stream().noneMatch(uri -> uri.contains(TestKeys.EVALUATOR)), "no key in a label: " + alertUris);
        JsonNode variables = JSON.readTree(Path.of("deploy/grafana/runbook-decisions.json").toFile()).path("templating").path("list");
        assertTrue(variables.findValuesAsText("name").contains("instance"), "a replica can be picked");
    }

    /** Metric names in a PromQL expression: quoted strings, label names and functions aside. */
    private static Set<String> metricNames(String expression) {
        String code = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        return METRIC_NAME.matcher(code).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The prefixes of what the service serves: its own meters, Micrometer's HTTP server and JVM ones, recorded rules. */
    private static final Pattern METRIC_NAME = Pattern.compile(
            "(?<![\\w$])((?:runbook_|http_server_|jvm_|process_|system_)[A-Za-z0-9_]*|[A-Za-z_]+:[A-Za-z0-9_:]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private void setBody(String id, String body) {
        store.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE audit_record SET body = ? WHERE id = ?")) {
                update.setString(1, body);
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
    }

    private static JsonPath decide(String namespace, String service, String mode) {
        return given().contentType(ContentType.JSON).body(Facts.of("out-of-memory-oomkilled", namespace, service, Map.of()))
                .post("/api/v1/decisions?mode=" + mode).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath incident(String id) {
        return given().get("/api/v1/incidents/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** How many recorded action steps each answer reports, by type and status; MANUAL items are never recorded. */
    private static Map<List<String>, Long> byTypeAndStatus(JsonPath... answers) {
        Map<List<String>, Long> counts = new HashMap<>();
        for (JsonPath answer : answers) {
            List<String> types = answer.getList("execution.type");
            List<String> statuses = answer.getList("execution.status");
            for (int i = 0; i < types.size(); i++) {
                if (!"MANUAL".equals(statuses.get(i))) {
                    counts.merge(List.of(types.get(i), statuses.get(i)), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
