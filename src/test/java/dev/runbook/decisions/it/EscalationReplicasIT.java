package dev.runbook.decisions.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.support.LoopbackReceiver;
import dev.runbook.decisions.support.PostgresResource;
import dev.runbook.decisions.support.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Escalation steps on two packaged replicas sharing one PostgreSQL database, both ticking every second: each due step
 * fires once, and steps scheduled before both replicas are killed fire after a restart.
 */
class EscalationReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "runbook_it_escalation";
    private static final int INCIDENTS = 10;

    @Test
    void dueStepsFireOnceAcrossReplicasAndSurviveARestart() throws Exception {
        PostgresResource.resetSchema(SCHEMA);
        String url = PostgresResource.SERVER + "?currentSchema=" + SCHEMA;
        Path workDir = Files.createTempDirectory("escalation");
        try (LoopbackReceiver receiver = LoopbackReceiver.startOnAnyPort()) {
            Map<String, String> config = Map.of("runbook.store", "postgresql", "quarkus.datasource.postgresql.jdbc.url", url,
                    "runbook.act.tick-every", "1s", "runbook.notify.slack-webhook-url", receiver.url("/slack"),
                    "runbook.notify.pagerduty-url", receiver.url("/pagerduty"),
                    "runbook.notify.pagerduty-routing-key.ML_OPS_ENGINEER", "it-routing-key");
            try (ServiceProcess a = ServiceProcess.start("replica-a", workDir, config);
                 ServiceProcess b = ServiceProcess.start("replica-b", workDir, config)) {
                a.awaitReady();
                b.awaitReady();
                for (int i = 0; i < INCIDENTS; i++) {
                    ServiceProcess replica = i % 2 == 0 ? a : b;
                    String facts = JSON.writeValueAsString(Map.of("service", "it-esc-" + i, "namespace", "esc",
                            "errorRate", 0.07, "errorType", "PREDICTION_FAILED"));
                    assertEquals(200, replica.post("/api/v1/decisions?mode=execute", facts).statusCode());
                }
                await("the first step of every incident", () -> escalationMessages(receiver) >= INCIDENTS);
                Thread.sleep(3_000);
                assertEquals(INCIDENTS, escalationMessages(receiver), "each +0 step fired once by one of two replicas");
                a.kill();
                b.kill();
            }
            makePagesDue(url);
            try (ServiceProcess restarted = ServiceProcess.start("replica-a-again", workDir, config);
                 ServiceProcess other = ServiceProcess.start("replica-b-again", workDir, config)) {
                restarted.awaitReady();
                other.awaitReady();
                await("the pages scheduled before the restart", () -> receiver.received("/pagerduty").size() >= INCIDENTS);
                Thread.sleep(3_000);
                List<String> dedupKeys = new ArrayList<>();
                for (LoopbackReceiver.Received page : receiver.received("/pagerduty")) {
                    dedupKeys.add(JSON.readTree(page.body()).get("dedup_key").asText());
                }
                assertEquals(INCIDENTS, dedupKeys.size(), "one page per incident: " + dedupKeys);
                assertEquals(INCIDENTS, dedupKeys.stream().distinct().count());
            }
        }
    }

    /** Slack messages of escalation steps (the plan's NOTIFY action posts to Slack too). */
    private static long escalationMessages(LoopbackReceiver receiver) {
        return receiver.received("/slack").stream().filter(r -> r.body().contains("escalating to ML_OPS_ENGINEER")).count();
    }

    /** The +5 minute pages, made due now, as if the replicas had been down for five minutes. */
    private static void makePagesDue(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement()) {
            int due = statement.executeUpdate("UPDATE escalation_step SET due_at = now() WHERE channel = 'PAGE' AND status = 'SCHEDULED'");
            assertEquals(INCIDENTS, due);
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
