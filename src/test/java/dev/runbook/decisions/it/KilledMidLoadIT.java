package dev.runbook.decisions.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.support.PostgresResource;
import dev.runbook.decisions.support.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL in the middle of a load of decisions: after a restart on the same store, every decision whose response
 * was received is there, and the chain verifies.
 */
class KilledMidLoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ANSWERED_BEFORE_KILL = 150;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void noAnsweredDecisionIsLost(String store) throws Exception {
        Path workDir = Files.createTempDirectory("killed-" + store);
        Map<String, String> config = config(store);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        ServiceProcess service = ServiceProcess.start("killed-" + store, workDir, config).awaitReady();
        ExecutorService load = Executors.newFixedThreadPool(8);
        AtomicInteger sent = new AtomicInteger();
        for (int worker = 0; worker < 8; worker++) {
            load.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    String facts = "{\"service\":\"killed\",\"errorRate\":0." + (10 + sent.incrementAndGet() % 80) + "}";
                    try {
                        HttpResponse<String> response = service.post("/api/v1/decisions", facts);
                        if (response.statusCode() == 200) {
                            answered.add(JSON.readTree(response.body()).path("decisionId").asText());
                        }
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
        while (answered.size() < ANSWERED_BEFORE_KILL) {
            Thread.sleep(20);
        }
        service.kill();
        load.shutdownNow();
        assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(sent.get() > answered.size(), "requests were still in flight when the service died");

        try (ServiceProcess restarted = ServiceProcess.start("restarted-" + store, workDir, config).awaitReady()) {
            for (String id : answered) {
                assertEquals(200, restarted.get("/api/v1/decisions/" + id).statusCode(), "decision " + id + " was answered but lost");
            }
            JsonNode verify = JSON.readTree(restarted.get("/api/v1/audit/verify").body());
            assertTrue(verify.path("valid").asBoolean(), verify.toString());
            assertTrue(verify.path("checkedRecords").asInt() >= answered.size());
            System.out.printf("KilledMidLoadIT %s: %d requests sent, %d answered before SIGKILL, %d records after restart%n",
                    store, sent.get(), answered.size(), verify.path("checkedRecords").asInt());
        }
    }

    private static Map<String, String> config(String store) {
        if ("h2".equals(store)) {
            return Map.of();
        }
        String schema = "runbook_it_killed";
        PostgresResource.resetSchema(schema);
        return Map.of("runbook.store", "postgresql",
                "quarkus.datasource.postgresql.jdbc.url", PostgresResource.SERVER + "?currentSchema=" + schema);
    }
}
