package dev.runbook.decisions.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.ExternalProcess;
import dev.runbook.decisions.support.ModelApiMetrics;
import dev.runbook.decisions.support.PostgresProfile;
import dev.runbook.decisions.support.PostgresResource;
import dev.runbook.decisions.support.TestKeys;
import dev.runbook.decisions.support.ToggleProxy;

/**
 * The real pipeline: a real Prometheus scrapes a model API's request counters and evaluates the shipped rules
 * (deploy/prometheus/runbook-rules.yml) on them; their alert fires into a real Alertmanager whose webhook is this
 * service, authenticated by an evaluator key in the webhook URL (Alertmanager setups that cannot set headers). The
 * service decides as the runbook says: 12% of requests failing is HIGH_ERROR_RATE at P1, on the service the series
 * name. The first deliveries meet a 503 (the database is cut), Alertmanager retries, and exactly one decision and one incident
 * result; when the errors stop and the rule stops firing, the resolved notification resolves the incident.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class AlertmanagerEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SHIPPED_RULES = Path.of("deploy/prometheus/runbook-rules.yml");
    private static final Pattern HOLD_TIME = Pattern.compile("(?m)^(\\s+for:) \\S+$");
    private static final Pattern FAILED = Pattern.compile("alertmanager_notifications_failed_total\\{integration=\"webhook\"[^}]*} (\\d+)");

    @PostgresResource.Proxy
    ToggleProxy database;

    @Test
    void firingAndResolvedAlertsDriveOneIncidentDespiteRetries() throws Exception {
        String service = Api.uniqueService("e2e");
        ModelApiMetrics modelApi = ModelApiMetrics.start("ml", service, 0.12);
        Path dir = Files.createTempDirectory("alerting");
        int alertmanagerPort = ExternalProcess.freePort();
        int prometheusPort = ExternalProcess.freePort();
        Files.writeString(dir.resolve("am.yml"), """
                route: {receiver: runbook, group_wait: 1s, group_interval: 1s, repeat_interval: 1h}
                receivers:
                  - name: runbook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/v1/alerts/alertmanager/%s
                        send_resolved: true
                """.formatted(RestAssured.port, TestKeys.EVALUATOR));
        Files.writeString(dir.resolve("runbook-rules.yml"), quickened(Files.readString(SHIPPED_RULES)));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {evaluation_interval: 1s, scrape_interval: 1s}
                rule_files: [runbook-rules.yml]
                scrape_configs:
                  - job_name: model-api
                    static_configs: [{targets: ['%s']}]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(modelApi.target(), alertmanagerPort));

        database.refuse();
        try (ExternalProcess alertmanager = ExternalProcess.start("alertmanager", List.of("/usr/bin/prometheus-alertmanager",
                     "--config.file=" + dir.resolve("am.yml"), "--storage.path=" + dir.resolve("am-data"),
                     "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address="));
             ExternalProcess prometheus = ExternalProcess.start("prometheus", List.of("/usr/bin/prometheus",
                     "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("prom-data"),
                     "--web.listen-address=127.0.0.1:" + prometheusPort, "--rules.alert.resend-delay=1s"))) {
            await("Alertmanager to meet a 503 from the service", () -> failedWebhooks(alertmanagerPort) >= 1);
            database.accept();

            await("the incident to be opened", () -> incidents(service).getList("items").size() == 1);
            JsonPath incident = incidents(service);
            assertEquals("HIGH_ERROR_RATE", incident.getString("items[0].incidentType"), "alertname MLModelHighErrorRate");
            assertEquals("P1", incident.getString("items[0].severity"), "P1 (> 10% errors), from the error_rate annotation");
            assertEquals("OPEN", incident.getString("items[0].status"));
            JsonPath facts = Api.get("/api/v1/decisions/" + Api.get("/api/v1/decisions?service=" + service).getString("items[0].decisionId"));
            assertEquals(0.12, facts.getDouble("record.facts.errorRate"), 1e-9, "error_rate \"12%\": 503s over all requests");
            assertEquals("ml", facts.getString("record.facts.namespace"), "the series' namespace label");

            // Every request succeeds from now on: the 5m error ratio falls below 5% and the alert resolves.
            modelApi.errorShare(0);
            await("the incident to be resolved", () -> "RESOLVED".equals(incidents(service).getString("items[0].status")));

            assertEquals(1, incidents(service).getList("items").size());
            assertEquals(1, incidents(service).getInt("items[0].decisionCount"), "Alertmanager's retries made no second decision");
            assertEquals(1, Api.get("/api/v1/decisions?service=" + service).getList("items").size());
            assertEquals(List.of("DECISION", "RESOLVED"),
                    Api.get("/api/v1/incidents/" + incident.getString("items[0].id")).getList("timeline.kind"));
            assertTrue(Api.get("/api/v1/audit/verify").getBoolean("valid"));
        } finally {
            database.accept();
            modelApi.close();
        }
    }

    /**
     * The shipped rules with every `for:` at 0s. The hold times would make this test wait minutes; promtool's unit
     * tests (runbook-rules.test.yml, in simulated time) prove them, this test everything else.
     */
    private static String quickened(String rules) {
        Matcher holds = HOLD_TIME.matcher(rules);
        assertTrue(holds.find(), "the shipped error-rate rule holds for a while before it fires");
        // The 5-minute rate windows shrink to 10 s for the same reason: the ratio is the same while the share is
        // steady, and once errors stop it falls below 5% in seconds rather than minutes.
        return holds.replaceAll("$1 0s").replace("[5m]", "[10s]");
    }

    private static JsonPath incidents(String service) {
        return Api.get("/api/v1/incidents?service=" + service);
    }

    private static long failedWebhooks(int alertmanagerPort) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + alertmanagerPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = FAILED.matcher(metrics);
            return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for " + what + "; see target/it-logs");
            }
            Thread.sleep(250);
        }
    }
}
