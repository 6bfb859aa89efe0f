package dev.runbook.decisions.it;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.support.PostgresResource;
import dev.runbook.decisions.support.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged service on one PostgreSQL database, the same dedupKey fired at both at once: one
 * incident, every decision recorded exactly once, and a chain that verifies.
 */
class TwoReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "runbook_it_replicas";
    private static final int REQUESTS = 240;

    @Test
    void concurrentAlertsOnTwoReplicasMakeOneIncident() throws Exception {
        PostgresResource.resetSchema(SCHEMA);
        Map<String, String> postgres = Map.of("runbook.store", "postgresql",
                "quarkus.datasource.postgresql.jdbc.url", PostgresResource.SERVER + "?currentSchema=" + SCHEMA);
        Path workDir = Files.createTempDirectory("replicas");
        try (ServiceProcess a = ServiceProcess.start("replica-a", workDir, postgres);
             ServiceProcess b = ServiceProcess.start("replica-b", workDir, postgres)) {
            a.awaitReady();
            b.awaitReady();
            String facts = "{\"service\":\"replicated\",\"dedupKey\":\"storm-1\",\"errorRate\":0.2}";
            Set<String> decisionIds = ConcurrentHashMap.newKeySet();
            Set<String> incidentIds = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                ServiceProcess replica = i % 2 == 0 ? a : b;
                statuses.add(pool.submit(() -> {
                    HttpResponse<String> response = replica.post("/api/v1/decisions", facts);
                    if (response.statusCode() == 200) {
                        JsonNode decision = JSON.readTree(response.body());
                        decisionIds.add(decision.path("decisionId").asText());
                        incidentIds.add(decision.path("incident").path("id").asText());
                    }
                    return response.statusCode();
                }));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get());
            }
            pool.shutdown();

            assertEquals(REQUESTS, decisionIds.size());
            assertEquals(1, incidentIds.size(), "one incident for one dedupKey");
            JsonNode incidents = JSON.readTree(a.get("/api/v1/incidents?service=replicated").body());
            assertEquals(1, incidents.path("items").size());
            assertEquals(REQUESTS, incidents.path("items").get(0).path("decisionCount").asInt());
            JsonNode listed = JSON.readTree(b.get("/api/v1/decisions?service=replicated&limit=1000").body());
            Set<String> recorded = ConcurrentHashMap.newKeySet();
            listed.path("items").forEach(item -> recorded.add(item.path("decisionId").asText()));
            assertEquals(REQUESTS, listed.path("items").size(), "each decision recorded once");
            assertEquals(decisionIds, recorded);
            JsonNode verify = JSON.readTree(a.get("/api/v1/audit/verify").body());
            assertTrue(verify.path("valid").asBoolean(), verify.toString());
            assertEquals(REQUESTS, verify.path("checkedRecords").asInt());
        }
    }
}
