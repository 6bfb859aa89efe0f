package dev.runbook.decisions.alerts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.JsonSubset;

/** Each sender's own payload, unchanged, over HTTP: samples/{alertmanager,grafana,pagerduty,cloudevents}/. */
@QuarkusTest
class AlertIngestionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void alertmanagerGroupFiresOneDecisionPerAlertResolvesAndIgnoresRedelivery() throws Exception {
        JsonNode first = post("/api/v1/alerts/alertmanager", "alertmanager/firing-group.json", 200);
        JsonSubset.assertMatches(expected("alertmanager/firing-group.json"), first);
        JsonNode again = post("/api/v1/alerts/alertmanager", "alertmanager/firing-group.json", 200);
        assertEquals(first, again, "a redelivery is answered exactly the same way");
        assertEquals(1, Api.get("/api/v1/decisions?service=recommender&incidentType=HIGH_LATENCY").getList("items").size(), "and decides nothing again");

        String incident = first.path("alerts").get(0).path("incident").path("id").asText();
        JsonSubset.assertMatches(expected("alertmanager/resolved.json"), post("/api/v1/alerts/alertmanager", "alertmanager/resolved.json", 200));
        assertEquals("RESOLVED", Api.get("/api/v1/incidents/" + incident).getString("status"));
        assertEquals("test-admin", Api.get("/api/v1/incidents/" + incident).getString("resolvedBy"));
    }

    /** Every Alertmanager and Grafana sample, with its expected receipts in samples/expected/<sender>/. */
    static List<String> alertSamples() throws Exception {
        List<String> samples = new java.util.ArrayList<>();
        for (String sender : List.of("alertmanager", "grafana")) {
            try (var files = Files.list(Path.of("samples", sender))) {
                files.map(f -> sender + "/" + f.getFileName()).sorted().forEach(samples::add);
            }
        }
        return samples;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alertSamples")
    void everyAlertSampleAnswersItsExpectedReceiptsAndSoDoesARedelivery(String sample) throws Exception {
        String sender = sample.substring(0, sample.indexOf('/'));
        if (JSON.readTree(sample(sample)).path("status").asText().equals("resolved")) {
            for (String firing : alertSamples()) {
                if (firing.startsWith(sender + "/") && !firing.equals(sample)) {
                    post("/api/v1/alerts/" + sender, firing, 200); // what it resolves; a redelivery changes nothing
                }
            }
        }
        JsonSubset.assertMatches(expected(sample), post("/api/v1/alerts/" + sender, sample, 200));
        JsonSubset.assertMatches(expected(sample), post("/api/v1/alerts/" + sender, sample, 200));
    }

    @Test
    void theKubeStateMetricsOomAlertLandsOnTheModelServerNeverOnTheExporter() throws Exception {
        JsonNode answer = post("/api/v1/alerts/alertmanager", "alertmanager/kube-state-metrics-oom.json", 200);
        JsonPath record = Api.get("/api/v1/decisions/" + answer.path("alerts").get(0).path("recordId").asText());
        assertEquals("fraud-model", record.getString("record.facts.service"));
        assertEquals("ml", record.getString("record.facts.namespace"));
        assertEquals("pod", record.getString("record.serviceLabel"), "the audit record says which label named the service");
        assertEquals(List.of("fraud-model"), record.getList("record.decision.actions.findAll { it.target.kind == 'Deployment' }.target.name")
                .stream().distinct().toList());
    }

    @Test
    void alertLabelsAndAnnotationsBecomeFactsInTheirUnits() throws Exception {
        post("/api/v1/alerts/alertmanager", "alertmanager/firing-group.json", 200);
        JsonPath latency = Api.get("/api/v1/decisions/" + Api.get("/api/v1/decisions?service=recommender&incidentType=HIGH_LATENCY").getString("items[0].decisionId"));
        assertEquals(1.4f, latency.getFloat("record.facts.latencyP95Seconds"));
        assertEquals(0.85f, latency.getFloat("record.facts.cpuUtilization"), "85% is 0.85");
        assertEquals(200f, latency.getFloat("record.facts.inferenceMillis"), "0.2s is 200 ms");
        assertEquals(150f, latency.getFloat("record.facts.batchSize"));
        assertEquals("b2e1d4c3f5a6b7c8", latency.getString("record.facts.dedupKey"), "the fingerprint is the incident key");
        assertEquals(List.of("SET_ENV"), latency.getList("record.decision.actions.findAll { it.type == 'SET_ENV' }.type"));
        assertEquals("alert-routing", latency.getString("record.decision.explanation[0].model"));
        assertEquals(3, latency.getInt("record.decision.explanation[0].row"));
        assertTrue(latency.getString("record.factsReceived").contains("\"fingerprint\":\"b2e1d4c3f5a6b7c8\""), "the alert as received");
    }

    @Test
    void grafanaAlertsUseTheirValuesToo() throws Exception {
        JsonNode answer = post("/api/v1/alerts/grafana", "grafana/firing.json", 200);
        JsonSubset.assertMatches(expected("grafana/firing.json"), answer);
        String accuracy = answer.path("alerts").get(1).path("recordId").asText();
        JsonPath record = Api.get("/api/v1/decisions/" + accuracy);
        assertEquals("iris-classifier", record.getString("record.facts.service"), "app label 'Iris_Classifier' as a Kubernetes name");
        assertEquals("iris-random-forest:staging", record.getString("record.decision.actions.find { it.type == 'ROLLBACK_MODEL' }.params.value"));
    }

    @Test
    void pagerDutyEventsTriggerAcknowledgeAndResolveLikeThePagerDutyApi() throws Exception {
        for (String event : List.of("trigger", "acknowledge", "resolve")) {
            JsonSubset.assertMatches(expected("pagerduty/" + event + ".json"), post("/api/v1/alerts/pagerduty", "pagerduty/" + event + ".json", 202));
        }
        JsonNode generated = post("/api/v1/alerts/pagerduty", "pagerduty/trigger-model-load-failed.json", 202);
        JsonSubset.assertMatches(expected("pagerduty/trigger-model-load-failed.json"), generated);
        String dedupKey = generated.path("dedup_key").asText();
        assertFalse(dedupKey.isBlank(), "a trigger without dedup_key gets one to use for its acknowledge and resolve");
        JsonPath record = Api.get("/api/v1/decisions/" + generated.path("outcome").path("recordId").asText());
        assertFalse(record.getString("record.factsReceived").contains("R0UT1NGK3Y"), "the routing key is never kept");
        assertTrue(record.getString("record.factsReceived").contains("********"));
    }

    @Test
    void cloudEventsStructuredAndBinaryAreDecidedOncePerEvent() throws Exception {
        JsonNode structured = postAs("/api/v1/decisions", "cloudevents/structured.json", "application/cloudevents+json", 200);
        JsonSubset.assertMatches(expected("cloudevents/structured.json"), structured);
        JsonNode redelivered = postAs("/api/v1/decisions", "cloudevents/structured.json", "application/cloudevents+json", 200);
        assertEquals(structured.path("decisionId"), redelivered.path("decisionId"), "same source and id: the same decision");

        String id = "binary-" + System.nanoTime();
        String binary = given().contentType(ContentType.JSON).header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-source", "/test/binary").header("ce-type", "dev.runbook.incident.v1").body(sample("cloudevents/binary-data.json"))
                .when().post("/api/v1/decisions").then().statusCode(200).extract().asString();
        JsonSubset.assertMatches(expected("cloudevents/binary-data.json"), JSON.readTree(binary));
        assertEquals("test-admin", Api.get("/api/v1/decisions/" + JSON.readTree(binary).path("decisionId").asText()).getString("caller"));
    }

    @Test
    void anAlertNamingNoServiceIsRejectedAndKept() {
        String body = "{\"status\":\"firing\",\"receiver\":\"r\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"Watchdog\"},"
                + "\"annotations\":{},\"startsAt\":\"2026-11-27T08:00:00Z\",\"fingerprint\":\"fff" + System.nanoTime() + "\"}]}";
        JsonPath answer = given().contentType(ContentType.JSON).body(body).when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("REJECTED", answer.getString("alerts[0].outcome"));
        assertTrue(answer.getString("alerts[0].reason").contains("service"));
        String recordId = answer.getString("alerts[0].recordId");
        assertEquals(recordId, Api.get("/api/v1/audit/records?kind=REJECTED_ALERT&limit=1").getString("items[0].id"));
    }

    @Test
    void annotationsThatCannotBeReadAreLeftOutWithAWarning() {
        String body = "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"warned\"},"
                + "\"annotations\":{\"latency_p95_seconds\":\"slow\",\"error_rate\":\"150%\"},\"fingerprint\":\"w" + System.nanoTime() + "\"}]}";
        JsonPath answer = given().contentType(ContentType.JSON).body(body).when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("DECIDED", answer.getString("alerts[0].outcome"));
        assertEquals("HIGH_LATENCY", answer.getString("alerts[0].incidentType"));
        assertEquals(2, answer.getList("alerts[0].warnings").size());
        assertTrue(answer.getString("alerts[0].warnings").contains("latency_p95_seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"alerts\": \"nope\"}", "{\"receiver\": \"r\"}", "not json at all", "{\"alerts\":[{\"status\":\"pending\",\"labels\":{\"a\":\"b\"}}]}",
            "{\"alerts\":[{\"status\":\"firing\",\"labels\":{}}]}", "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":{\"nested\":1}}}]}"})
    void unparseableDeliveriesAre400AndKeptWithTheirRawBody(String body) {
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors.size()", org.hamcrest.Matchers.greaterThan(0));
        JsonPath rejected = Api.get("/api/v1/audit/records?kind=REJECTED_DELIVERY&limit=1");
        assertEquals(body, rejected.getString("items[0].record.body"));
        assertEquals("alertmanager", rejected.getString("items[0].record.endpoint"));
    }

    @Test
    void pagerDutyEventsAreValidatedLikePagerDutyDoes() {
        given().contentType(ContentType.JSON).body("{\"routing_key\":\"k\",\"event_action\":\"explode\"}").when().post("/api/v1/alerts/pagerduty")
                .then().statusCode(400).body("errors.field", hasItem("event_action"));
        given().contentType(ContentType.JSON).body("{\"event_action\":\"trigger\",\"payload\":{\"source\":\"s\",\"severity\":\"info\"}}")
                .when().post("/api/v1/alerts/pagerduty")
                .then().statusCode(400).body("errors.field", hasItem("routing_key")).body("errors.field", hasItem("payload.summary"));
        given().contentType(ContentType.JSON).body("{\"routing_key\":\"SECRETKEY123\",\"event_action\":\"resolve\"}").when().post("/api/v1/alerts/pagerduty")
                .then().statusCode(400).body("errors.field", hasItem("dedup_key"));
        assertFalse(Api.get("/api/v1/audit/records?kind=REJECTED_DELIVERY&limit=1").getString("items[0].record.body").contains("SECRETKEY123"));
    }

    @Test
    void cloudEventsMissingAttributesAreNamed() {
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"0.3\",\"id\":\"1\",\"type\":\"t\",\"data\":{}}")
                .when().post("/api/v1/decisions")
                .then().statusCode(400).body("errors.field", hasItem("specversion")).body("errors.field", hasItem("source"));
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}")
                .when().post("/api/v1/decisions").then().statusCode(400).body("errors.field", hasItem("data"));
        given().contentType(ContentType.JSON).header("ce-specversion", "1.0").header("ce-id", "1").body("{\"service\":\"x\"}")
                .when().post("/api/v1/decisions")
                .then().statusCode(400).body("errors.field", hasItem("ce-source")).body("errors.field", hasItem("ce-type"));
    }

    @Test
    void bodiesOverTheLimitAre413AndKeptTruncated() {
        String huge = "{\"alerts\":[],\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(huge).when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(413).contentType("application/problem+json").body("detail", containsString("1048576"));
        JsonPath rejected = Api.get("/api/v1/audit/records?kind=REJECTED_DELIVERY&limit=1");
        assertTrue(rejected.getBoolean("items[0].record.truncated"));
        assertEquals(huge.length(), rejected.getInt("items[0].record.bytes"));
        given().contentType(ContentType.JSON).body("{\"service\":\"" + "x".repeat(1024 * 1024) + "\"}").when().post("/api/v1/decisions")
                .then().statusCode(413).contentType("application/problem+json").body(not(containsString("Exception")));
    }

    private static JsonNode post(String path, String sample, int status) throws Exception {
        return postAs(path, sample, "application/json", status);
    }

    private static JsonNode postAs(String path, String sample, String contentType, int status) throws Exception {
        String answer = given().contentType(contentType).body(sample(sample)).when().post(path)
                .then().statusCode(status).extract().asString();
        JsonNode node = JSON.readTree(answer);
        assertNotNull(node);
        return node;
    }

    private static String sample(String name) throws Exception {
        return Files.readString(Path.of("samples", name), StandardCharsets.UTF_8);
    }

    private static JsonNode expected(String name) throws Exception {
        return JSON.readTree(Files.readString(Path.of("samples", "expected", name)));
    }
}
