package dev.runbook.decisions.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.support.LoopbackReceiver;
import dev.runbook.decisions.support.PostgresResource;
import dev.runbook.decisions.support.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGTERM to a packaged replica in the middle of a load of decisions and of a backlog of due pages (PagerDuty answers
 * slowly): it exits 0, every request it answered was answered 2xx and is in the audit log, none it claimed is left
 * FIRING, and the pages it did not send are sent, once each, by the replica that takes over.
 */
class GracefulShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "runbook_storm_shutdown";
    private static final int WORKERS = 4;
    private static final int ANSWERED_BEFORE_SIGTERM = 40;

    @Test
    void sigtermDrainsRequestsAndHandsBackEscalationSteps() throws Exception {
        PostgresResource.resetSchema(SCHEMA);
        String url = PostgresResource.SERVER + "?currentSchema=" + SCHEMA;
        Path workDir = Files.createTempDirectory("graceful");
        try (LoopbackReceiver receiver = LoopbackReceiver.startOnAnyPort()) {
            receiver.delayEach("/pagerduty", Duration.ofMillis(300));
            Map<String, String> config = new HashMap<>(Map.of("runbook.store", "postgresql",
                    "quarkus.datasource.postgresql.jdbc.url", url, "runbook.act.tick-every", "1s",
                    "runbook.notify.slack-webhook-url", receiver.url("/slack"),
                    "runbook.notify.pagerduty-url", receiver.url("/pagerduty"),
                    "runbook.notify.pagerduty-routing-key.ML_OPS_ENGINEER", "it-routing-key",
                    "quarkus.shutdown.delay", "2s"));
            Set<String> answered = ConcurrentHashMap.newKeySet();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicInteger unanswered = new AtomicInteger();
            ServiceProcess leaving = ServiceProcess.start("graceful-leaving", workDir, config).awaitReady();
            ExecutorService load = Executors.newFixedThreadPool(WORKERS);
            AtomicInteger sent = new AtomicInteger();
            for (int worker = 0; worker < WORKERS; worker++) {
                load.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        // A P1 each: its first escalation step pages ML_OPS_ENGINEER at once.
                        String facts = "{\"service\":\"graceful-" + sent.incrementAndGet() + "\",\"namespace\":\"graceful\","
                                + "\"errorRate\":0.12,\"errorType\":\"PREDICTION_FAILED\"}";
                        try {
                            HttpResponse<String> response = leaving.post("/api/v1/decisions?mode=execute", facts);
                            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                            if (response.statusCode() == 200) {
                                answered.add(JSON.readTree(response.body()).path("decisionId").asText());
                            }
                        } catch (IOException e) {
                            // Refused or cut: the listener is closed. Not answered, so nothing is owed.
                            unanswered.incrementAndGet();
                            return;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            }
            await("decisions to be answered and pages to be due", () -> answered.size() >= ANSWERED_BEFORE_SIGTERM);
            int exit = leaving.terminate(Duration.ofSeconds(60));
            load.shutdownNow();
            assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));

            assertEquals(0, exit, "SIGTERM is a normal stop; see target/it-logs/graceful-leaving.log");
            assertTrue(Set.of(200, 503).containsAll(statuses.keySet()),
                    "requests are answered 200, or 503 once the listener drains: " + statuses);
            assertEquals(0, count(url, "SELECT count(*) FROM escalation_step WHERE status = 'FIRING'"),
                    "the leaving replica holds no claimed step");
            int pagedBefore = receiver.received("/pagerduty").size();
            int handedBack = count(url, "SELECT count(*) FROM escalation_step WHERE status = 'SCHEDULED' AND due_at <= now()");
            assertTrue(handedBack > 0, "pages were still due when the replica left (" + pagedBefore + " sent): the test needs a backlog");

            try (ServiceProcess staying = ServiceProcess.start("graceful-staying", workDir, config).awaitReady()) {
                int due = count(url, "SELECT count(*) FROM escalation_step WHERE channel = 'PAGE' AND due_at <= now()");
                assertEquals(answered.size(), due, "each answered P1 decision scheduled one page due now");
                await("the handed-back pages", () -> receiver.received("/pagerduty").size() >= due);
                Thread.sleep(2_000);
                List<String> incidents = receiver.received("/pagerduty").stream().map(GracefulShutdownIT::dedupKey).toList();
                assertEquals(due, incidents.size(), "one page per step");
                assertEquals(due, incidents.stream().distinct().count(), "no incident paged twice");
                assertEquals(due, count(url, "SELECT count(*) FROM escalation_step WHERE channel = 'PAGE' AND status = 'FIRED'"));

                for (String id : answered) {
                    assertEquals(200, staying.get("/api/v1/decisions/" + id).statusCode(), "decision " + id + " was answered but is not recorded");
                }
                JsonNode verify = JSON.readTree(staying.get("/api/v1/audit/verify").body());
                assertTrue(verify.path("valid").asBoolean(), verify.toString());
                System.out.printf("GracefulShutdownIT: %d sent, statuses %s, %d workers stopped by a closed listener, %d pages sent before "
                        + "SIGTERM returned, %d handed back and sent by the other replica%n",
                        sent.get(), statuses, unanswered.get(), pagedBefore, handedBack);
            }
        }
    }

    private static String dedupKey(LoopbackReceiver.Received page) {
        try {
            return JSON.readTree(page.body()).path("dedup_key").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
