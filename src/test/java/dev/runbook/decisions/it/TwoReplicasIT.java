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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.support.PostgresResource;
import dev.runbook.decisions.support.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged service on one PostgreSQL database. The same dedupKey fired at both at once: one
 * incident, every decision recorded exactly once, and a chain that verifies. A model published on one replica: the
 * other decides with it within seconds.
 */
class TwoReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "runbook_it_replicas";
    private static final int REQUESTS = 240;

    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        PostgresResource.resetSchema(SCHEMA);
        Map<String, String> postgres = Map.of("runbook.store", "postgresql",
                "quarkus.datasource.postgresql.jdbc.url", PostgresResource.SERVER + "?currentSchema=" + SCHEMA);
        Path workDir = Files.createTempDirectory("replicas");
        a = ServiceProcess.start("replica-a", workDir, postgres);
        b = ServiceProcess.start("replica-b", workDir, postgres);
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    static void stopThem() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void concurrentAlertsOnTwoReplicasMakeOneIncident() throws Exception {
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
        assertTrue(verify.path("checkedRecords").asInt() >= REQUESTS);
    }

    /**
     * A version published on one replica is what the other decides with within 5 s (it polls the published pointer
     * every 2 s), and every decision's audit record names the version it was taken with.
     */
    @Test
    void aVersionPublishedOnOneReplicaDecidesOnTheOtherWithinFiveSeconds() throws Exception {
        String facts = "{\"service\":\"drifting\",\"driftScore\":0.27,\"trafficNormal\":true}";
        JsonNode versions = JSON.readTree(a.get("/api/v1/models/classification/versions").body());
        int published = versions.path("published").asInt();
        JsonNode before = JSON.readTree(b.post("/api/v1/decisions", facts).body());
        assertEquals(published, versionUsed(b, before));
        String shipped = a.send("GET", "/api/v1/models/classification/versions/" + published, null, null).body();
        String draft = shipped.replace("<text>0.3</text></outputEntry>", "<text>0.25</text></outputEntry>");
        HttpResponse<String> created = a.send("POST", "/api/v1/models/classification/versions?reason=it",
                "application/xml; charset=UTF-8", draft);
        assertEquals(201, created.statusCode(), created.body());
        int version = JSON.readTree(created.body()).path("version").path("version").asInt();

        HttpResponse<String> publish = a.send("POST", "/api/v1/models/classification/versions/" + version + "/publish",
                "application/json", "{\"reason\":\"drift earlier\",\"acknowledgedSampleChanges\":[\"boundary-drift-0.3\"]}");
        assertEquals(200, publish.statusCode(), publish.body());
        long publishedAt = System.nanoTime();
        JsonNode after;
        do {
            after = JSON.readTree(b.post("/api/v1/decisions", facts).body());
            if (!"DATA_DRIFT".equals(after.path("incidentType").asText())) {
                assertEquals(published, versionUsed(b, after), "until it swaps, the other replica decides with the old version, whole");
                Thread.sleep(100);
            }
        } while (!"DATA_DRIFT".equals(after.path("incidentType").asText()) && System.nanoTime() - publishedAt < 10_000_000_000L);
        long millis = (System.nanoTime() - publishedAt) / 1_000_000;
        assertEquals("DATA_DRIFT", after.path("incidentType").asText(), "replica b never took version " + version);
        assertTrue(millis < 5_000, "replica b took version " + version + " after " + millis + " ms");
        assertEquals(version, versionUsed(b, after));
        System.out.printf("publish-to-first-decision on the other replica: %d ms%n", millis);
    }

    private static int versionUsed(ServiceProcess replica, JsonNode decision) throws Exception {
        JsonNode record = JSON.readTree(replica.get("/api/v1/decisions/" + decision.path("decisionId").asText()).body());
        for (JsonNode model : record.path("record").path("models")) {
            if ("dmn/classification.dmn".equals(model.path("source").asText())) {
                return model.path("version").asInt();
            }
        }
        throw new AssertionError("the record names no classification version: " + record);
    }
}
