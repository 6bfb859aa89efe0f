package dev.runbook.decisions.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.store.Store;
import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.Samples;
import dev.runbook.decisions.support.Scrape;

/**
 * What the audit log and the incidents must do, whatever the store. Run once per store by its subclasses; every test
 * writes under a service name of its own and reads only that.
 */
abstract class StorageContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Store store;

    @Inject
    AuditLog auditLog;

    @Inject
    @Any
    Instance<AgroalDataSource> dataSources;

    @Test
    void everyDecisionIsRecordedWithItsFactsDecisionModelsAndTiming() throws Exception {
        String service = Api.uniqueService("recorded");
        String received = "{\"service\":\"" + service + "\",  \"errorRate\": 0.12,\"customerFacing\":true}";
        JsonPath decision = Api.decide(received);
        String id = decision.getString("decisionId");

        JsonPath stored = Api.get("/api/v1/decisions/" + id);
        assertEquals(id, stored.getString("id"));
        assertEquals("DECISION", stored.getString("kind"));
        assertEquals("test-admin", stored.getString("caller"));
        assertEquals(received, stored.getString("record.factsReceived"), "facts exactly as received");
        assertEquals("default", stored.getString("record.facts.namespace"), "normalised facts carry the defaults");
        assertEquals("P1", stored.getString("record.decision.severity"));
        assertEquals(decision.getList("actions.type"), stored.getList("record.decision.actions.type"));
        assertTrue(stored.getList("record.decision.explanation").size() > 10, "the explanation is recorded");
        assertTrue(stored.getList("record.models.source").containsAll(List.of("dmn/severity.dmn", "rules/high-error-rate.drl")));
        assertTrue(stored.getList("record.models.contentHash", String.class).stream().allMatch(h -> h.matches("[0-9a-f]{64}")));
        assertTrue(stored.getLong("record.evaluationMicros") > 0);
        assertEquals(decision.getString("incident.id"), stored.getString("incidentId"));
        assertTrue(stored.getString("hash").matches("[0-9a-f]{64}"));
    }

    @Test
    void decisionsAreListedNewestFirstFilteredAndPagedByCursor() {
        String service = Api.uniqueService("listed");
        List<String> ids = new ArrayList<>();
        for (double errorRate : new double[] {0.01, 0.03, 0.07, 0.12, 0.2}) {
            ids.add(0, Api.decide("{\"service\":\"" + service + "\",\"errorRate\":" + errorRate + "}").getString("decisionId"));
        }
        JsonPath first = Api.get("/api/v1/decisions?service=" + service + "&limit=2");
        assertEquals(ids.subList(0, 2), first.getList("items.decisionId"));
        JsonPath second = Api.get("/api/v1/decisions?service=" + service + "&limit=2&cursor=" + first.getString("nextCursor"));
        assertEquals(ids.subList(2, 4), second.getList("items.decisionId"));
        JsonPath last = Api.get("/api/v1/decisions?service=" + service + "&limit=2&cursor=" + second.getString("nextCursor"));
        assertEquals(ids.subList(4, 5), last.getList("items.decisionId"));
        assertNull(last.getString("nextCursor"));

        assertEquals(List.of(ids.get(0), ids.get(1)), Api.get("/api/v1/decisions?service=" + service + "&severity=P1").getList("items.decisionId"));
        assertEquals(List.of(ids.get(2)), Api.get("/api/v1/decisions?service=" + service + "&severity=P2&incidentType=HIGH_ERROR_RATE").getList("items.decisionId"));
        assertEquals(List.of(), Api.get("/api/v1/decisions?service=" + service + "&from=" + Instant.now().plusSeconds(60)).getList("items"));
        assertEquals(5, Api.get("/api/v1/decisions?service=" + service + "&from=" + Instant.now().minusSeconds(600)
                + "&to=" + Instant.now().plusSeconds(60)).getList("items").size());
    }

    @Test
    void exportStreamsJsonLines() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        String service = Api.uniqueService("exported");
        String id = Api.decide("{\"service\":\"" + service + "\",\"latencyP95Seconds\":2.5}").getString("decisionId");
        String body = given().when().get("/api/v1/decisions/export?from=" + from)
                .then().statusCode(200).contentType(containsString("application/x-ndjson")).extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertTrue(lines.stream().anyMatch(l -> id.equals(l.path("id").asText())
                && "HIGH_LATENCY".equals(l.path("record").path("decision").path("incidentType").asText())));
    }

    @Test
    void repeatedAlertsLandOnOneIncidentThatEscalatesAndDeescalates() {
        String service = Api.uniqueService("dedup");
        String key = "alertmanager/" + service;
        JsonPath opened = Api.decide("{\"service\":\"" + service + "\",\"dedupKey\":\"" + key + "\",\"symptom\":\"HIGH_ERROR_RATE\",\"errorRate\":0.07}");
        String incident = opened.getString("incident.id");
        assertEquals("OPENED", opened.getString("incident.change"));
        JsonPath repeat = Api.decide("{\"service\":\"" + service + "\",\"dedupKey\":\"" + key + "\",\"symptom\":\"HIGH_ERROR_RATE\",\"errorRate\":0.07}");
        assertEquals(incident, repeat.getString("incident.id"));
        assertEquals("UNCHANGED", repeat.getString("incident.change"));
        JsonPath worse = Api.decide("{\"service\":\"" + service + "\",\"dedupKey\":\"" + key + "\",\"symptom\":\"HIGH_ERROR_RATE\",\"errorRate\":0.2}");
        assertEquals("ESCALATED", worse.getString("incident.change"));
        assertEquals("P2", worse.getString("incident.previousSeverity"));
        JsonPath better = Api.decide("{\"service\":\"" + service + "\",\"dedupKey\":\"" + key + "\",\"symptom\":\"HIGH_ERROR_RATE\",\"errorRate\":0.03}");
        assertEquals("DEESCALATED", better.getString("incident.change"));
        JsonPath replanned = Api.decide("{\"service\":\"" + service + "\",\"dedupKey\":\"" + key + "\",\"symptom\":\"HIGH_ERROR_RATE\",\"errorRate\":0.03,\"cpuUtilization\":0.95}");
        assertEquals("PLAN_CHANGED", replanned.getString("incident.change"));

        JsonPath state = Api.get("/api/v1/incidents/" + incident);
        assertEquals("P2", state.getString("severity"), "the incident keeps the latest severity");
        assertEquals(5, state.getInt("decisionCount"));
        assertEquals(List.of("OPENED", "UNCHANGED", "ESCALATED", "DEESCALATED", "PLAN_CHANGED"), state.getList("timeline.change"));
        assertEquals(1, Api.get("/api/v1/incidents?service=" + service).getList("items").size());
    }

    @Test
    void withoutDedupKeyServiceNamespaceAndTypeIdentifyTheIncident() {
        String service = Api.uniqueService("implicit");
        String a = Api.decide("{\"service\":\"" + service + "\",\"latencyP95Seconds\":2}").getString("incident.id");
        String b = Api.decide("{\"service\":\"" + service + "\",\"latencyP95Seconds\":3}").getString("incident.id");
        String otherType = Api.decide("{\"service\":\"" + service + "\",\"oomKilled\":true}").getString("incident.id");
        String otherNamespace = Api.decide("{\"service\":\"" + service + "\",\"namespace\":\"ml\",\"latencyP95Seconds\":2}").getString("incident.id");
        assertEquals(a, b);
        assertNotEquals(a, otherType);
        assertNotEquals(a, otherNamespace);
        assertEquals(a, Api.get("/api/v1/incidents/" + a).getString("id"));
        assertEquals(service + "/default/HIGH_LATENCY", Api.get("/api/v1/incidents/" + a).getString("dedupKey"));
    }

    @Test
    void incidentIsAcknowledgedResolvedAndReopenedAsANewLinkedIncident() {
        String service = Api.uniqueService("lifecycle");
        String facts = "{\"service\":\"" + service + "\",\"oomKilled\":true}";
        String incident = Api.decide(facts).getString("incident.id");

        JsonPath acknowledged = Api.post("/api/v1/incidents/" + incident + "/acknowledge", "{\"note\":\"looking\"}");
        assertEquals("ACKNOWLEDGED", acknowledged.getString("status"));
        assertEquals("test-admin", acknowledged.getString("acknowledgedBy"));
        String acknowledgedAt = acknowledged.getString("acknowledgedAt");
        assertEquals(acknowledgedAt, Api.post("/api/v1/incidents/" + incident + "/acknowledge", "").getString("acknowledgedAt"),
                "acknowledging twice changes nothing");
        assertEquals("ACKNOWLEDGED", Api.decide(facts).getString("incident.status"), "a repeat alert attaches to the acknowledged incident");

        JsonPath resolved = Api.post("/api/v1/incidents/" + incident + "/resolve", "{\"note\":\"memory limits raised\"}");
        assertEquals("RESOLVED", resolved.getString("status"));
        assertEquals("test-admin", resolved.getString("resolvedBy"));

        JsonPath timeline = Api.get("/api/v1/incidents/" + incident);
        assertEquals(List.of("DECISION", "ACKNOWLEDGED", "DECISION", "RESOLVED"), timeline.getList("timeline.kind"));
        assertEquals("memory limits raised", timeline.getString("timeline[3].note"));

        JsonPath again = Api.decide(facts);
        assertNotEquals(incident, again.getString("incident.id"));
        assertEquals("REOPENED", again.getString("incident.change"));
        assertEquals(incident, again.getString("incident.previousIncidentId"));
        assertEquals(incident, Api.get("/api/v1/incidents/" + again.getString("incident.id")).getString("previousIncidentId"));
        assertEquals(List.of("OPEN", "RESOLVED"), Api.get("/api/v1/incidents?service=" + service).getList("items.status"));
        assertEquals(1, Api.get("/api/v1/incidents?service=" + service + "&status=RESOLVED").getList("items").size());

        given().contentType("application/json").body("").when().post("/api/v1/incidents/" + incident + "/acknowledge")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("resolved"));
    }

    /** The chain's ceiling is measurable in production: each batch's hold of the chain head and how many it served. */
    @Test
    void everyBatchReportsHowLongItHeldTheChainAndWhomItServed() {
        double batchesBefore = metric("runbook_audit_batch_callers_count");
        Api.decide("{\"service\":\"" + Api.uniqueService("metered") + "\",\"errorRate\":0.07}");
        assertTrue(metric("runbook_audit_batch_callers_count") >= batchesBefore + 1);
        assertTrue(metric("runbook_audit_chain_held_seconds_sum") > 0, "the chain's hold is timed");
    }

    private static double metric(String name) {
        return Scrape.now().sum(name);
    }

    /** Group commit on the real store: concurrent decisions of one key, each readable the moment it is answered. */
    @Test
    void concurrentDecisionsAreEachRecordedBeforeTheirAnswerOnOneIncident() throws Exception {
        String service = Api.uniqueService("concurrent");
        String facts = "{\"service\":\"" + service + "\",\"errorRate\":0.07}";
        int callers = 50;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<JsonPath>> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    JsonPath answer = Api.decide(facts);
                    assertEquals(answer.getString("incident.id"),
                            Api.get("/api/v1/decisions/" + answer.getString("decisionId")).getString("incidentId"),
                            "recorded before it was answered");
                    return answer;
                }));
            }
            start.countDown();
            List<String> changes = new ArrayList<>();
            for (Future<JsonPath> answer : answers) {
                changes.add(answer.get(60, TimeUnit.SECONDS).getString("incident.change"));
            }
            assertEquals(1, changes.stream().filter("OPENED"::equals).count(), changes.toString());
            assertEquals(callers - 1, changes.stream().filter("UNCHANGED"::equals).count(), changes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(callers, Api.get("/api/v1/decisions?service=" + service + "&limit=100").getList("items").size());
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void verifyFindsARowAlteredInTheDatabase() throws Exception {
        String id = Api.decide("{\"service\":\"" + Api.uniqueService("tamper") + "\",\"errorRate\":0.5}").getString("decisionId");
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
        String original = body(id);
        long seq = Api.get("/api/v1/decisions/" + id).getLong("seq");
        try {
            setBody(id, original.replace("\"P1\"", "\"P4\""));
            given().when().get("/api/v1/audit/verify").then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("brokenAt.seq", equalTo((int) seq))
                    .body("brokenAt.id", equalTo(id))
                    .body("brokenAt.problem", containsString("altered"));
        } finally {
            setBody(id, original);
        }
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    /**
     * Every column a listing, filter, summary or incident timeline reads is in the hash, not only the body: editing
     * one directly in the database is found, at that record's seq.
     */
    @ParameterizedTest
    @CsvSource({"service, tampered-service", "severity, P4", "incident_type, HIGH_LATENCY", "kind, ACKNOWLEDGED",
            "incident_id, 00000000-0000-0000-0000-000000000000", "incident_change, UNCHANGED", "caller, someone-else",
            "recorded_at, 2020-01-01T00:00:00Z", "id, 11111111-1111-1111-1111-111111111111"})
    void verifyFindsAnIndexedColumnAlteredInTheDatabase(String column, String tampered) throws Exception {
        String id = Api.decide("{\"service\":\"" + Api.uniqueService("column") + "\",\"errorRate\":0.5}").getString("decisionId");
        long seq = Api.get("/api/v1/decisions/" + id).getLong("seq");
        Object value = column.equals("recorded_at") ? OffsetDateTime.parse(tampered) : tampered;
        Object original = column(seq, column);
        try {
            setColumn(seq, column, value);
            given().when().get("/api/v1/audit/verify").then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("brokenAt.seq", equalTo((int) seq))
                    .body("brokenAt.problem", containsString("altered"));
        } finally {
            setColumn(seq, column, original);
        }
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    /**
     * The hash writes a NULL column as the marker \u2400, so a NULL turned into that very text would hash the same:
     * verify refuses the marker as a stored value (no writer stores it) and names the column.
     */
    @Test
    void verifyFindsANullColumnSetToTheNullMarker() throws Exception {
        String id = auditLog.apply(List.of(new AuditStep.Reject(RecordKind.REJECTED_ALERT, "test-admin",
                JSON.createObjectNode().put("why", "marker test"), "marker test", null))).get(0).recordId();
        long seq = seqOf(id);
        try {
            setColumn(seq, "severity", "\u2400");
            given().when().get("/api/v1/audit/verify").then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("brokenAt.seq", equalTo((int) seq))
                    .body("brokenAt.problem", containsString("severity"));
        } finally {
            setColumn(seq, "severity", null);
        }
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    /**
     * A record inserted past the head, even one linking to the newest record's hash, was not appended by the service
     * (an append moves the head in its own transaction): verify names it. Verify reads the head before the records, so
     * appends committed during a walk are not mistaken for this.
     */
    @Test
    void verifyFindsARecordInsertedPastTheHead() throws Exception {
        String id = Api.decide("{\"service\":\"" + Api.uniqueService("inserted") + "\",\"errorRate\":0.5}").getString("decisionId");
        long seq = seqOf(id);
        long forged = seq + 1_000_000;
        // A copy of the record under a new seq and id, linking to the record's own hash: a well-formed next link.
        String copy = AuditRecord.COLUMNS.replaceFirst("^seq, id, ", "?, ?, ").replace("prev_hash, hash", "hash, hash");
        try (Connection c = dataSource(); PreparedStatement s = c.prepareStatement("INSERT INTO audit_record ("
                + AuditRecord.COLUMNS + ") SELECT " + copy + " FROM audit_record WHERE seq = ?")) {
            s.setLong(1, forged);
            s.setString(2, "22222222-2222-2222-2222-222222222222");
            s.setLong(3, seq);
            assertEquals(1, s.executeUpdate());
        }
        try {
            given().when().get("/api/v1/audit/verify").then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("brokenAt.seq", equalTo((int) forged))
                    .body("brokenAt.problem", containsString("past the chain's head"));
        } finally {
            try (Connection c = dataSource(); PreparedStatement s = c.prepareStatement("DELETE FROM audit_record WHERE seq = ?")) {
                s.setLong(1, forged);
                s.executeUpdate();
            }
        }
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void purgeRemovesOldRecordsAndRecordsItselfWhileTheChainStillVerifies() {
        String old = Api.decide("{\"service\":\"" + Api.uniqueService("purged") + "\"}").getString("decisionId");
        Instant cutoff = Instant.parse(Api.get("/api/v1/decisions/" + old).getString("recordedAt")).plusNanos(1000);
        String kept = Api.decide("{\"service\":\"" + Api.uniqueService("kept") + "\"}").getString("decisionId");
        assertTrue(auditLog.purgeOlderThan(cutoff, "test") >= 1);
        given().when().get("/api/v1/decisions/" + old).then().statusCode(404).contentType("application/problem+json");
        assertEquals(kept, Api.get("/api/v1/decisions/" + kept).getString("id"));
        JsonPath verify = Api.get("/api/v1/audit/verify");
        assertTrue(verify.getBoolean("valid"), verify.prettify());
        assertFalse(verify.getLong("firstSeq") == 1);
    }

    @Test
    void samplesAreAllRecordedAndTheChainVerifies() {
        int before = countRecords();
        for (String sample : Samples.names()) {
            given().contentType("application/json").body(Samples.facts(sample)).when().post("/api/v1/decisions").then().statusCode(200);
        }
        assertEquals(before + Samples.names().size(), countRecords());
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true))
                .body("brokenAt", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void unknownIdsAreNotFound() {
        given().when().get("/api/v1/decisions/no-such-decision").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-decision"));
        given().when().get("/api/v1/incidents/no-such-incident").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType("application/json").body("").when().post("/api/v1/incidents/no-such-incident/resolve")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/incidents?status=OPEN").then().statusCode(200).body("items.status", org.hamcrest.Matchers.everyItem(equalTo("OPEN")));
        given().when().get("/api/v1/decisions?limit=1").then().statusCode(200).body("items", hasSize(1))
                .body("items.caller", hasItem("test-admin"));
    }

    private String body(String id) throws Exception {
        try (Connection c = dataSource(); PreparedStatement s = c.prepareStatement("SELECT body FROM audit_record WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void setBody(String id, String body) throws Exception {
        try (Connection c = dataSource(); PreparedStatement s = c.prepareStatement("UPDATE audit_record SET body = ? WHERE id = ?")) {
            s.setString(1, body);
            s.setString(2, id);
            assertEquals(1, s.executeUpdate());
        }
    }

    private long seqOf(String id) throws Exception {
        try (Connection c = dataSource(); PreparedStatement s = c.prepareStatement("SELECT seq FROM audit_record WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The column as stored, read back as the type it is written with (timestamps as OffsetDateTime). */
    private Object column(long seq, String column) throws Exception {
        try (Connection c = dataSource(); PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM audit_record WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return column.equals("recorded_at") ? rs.getObject(1, OffsetDateTime.class) : rs.getString(1);
            }
        }
    }

    private void setColumn(long seq, String column, Object value) throws Exception {
        try (Connection c = dataSource(); PreparedStatement s = c.prepareStatement("UPDATE audit_record SET " + column + " = ? WHERE seq = ?")) {
            if (value == null) {
                s.setNull(1, Types.VARCHAR);
            } else {
                s.setObject(1, value);
            }
            s.setLong(2, seq);
            assertEquals(1, s.executeUpdate());
        }
    }

    private int countRecords() {
        return store.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_record WHERE kind = 'DECISION'");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private Connection dataSource() throws Exception {
        return dataSources.select(new DataSource.DataSourceLiteral(store.kind())).get().getConnection();
    }
}
