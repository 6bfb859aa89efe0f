package dev.runbook.decisions.alerts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.Http;
import dev.runbook.decisions.support.TestKeys;

/** POST /api/v1/alerts/{sender}/test: what the webhook would do with a body, with nothing recorded or touched. */
@QuarkusTest
class AlertTestEndpointTest {

    @Test
    void aGroupIsDecidedAlertByAlertAndNothingIsRecordedOrTouched() throws Exception {
        String recordsBefore = Api.get("/api/v1/audit/verify").getString("checkedRecords");
        String newestIncident = Api.get("/api/v1/incidents?limit=1").getString("items[0].id");
        JsonPath answer = given().contentType(ContentType.JSON).body(Files.readAllBytes(Path.of("samples/alertmanager/firing-group.json")))
                .when().post("/api/v1/alerts/alertmanager/test").then().statusCode(200).extract().jsonPath();
        assertEquals("alertmanager", answer.getString("sender"));
        assertEquals("runbook-decisions", answer.getString("receiver"));
        assertEquals(List.of("DECIDED", "DECIDED", "DECIDED", "DECIDED", "REJECTED"), answer.getList("alerts.outcome"),
                "the fifth alert names only its scraper (job=node-exporter), which is no workload");
        assertEquals(List.of("HIGH_ERROR_RATE", "HIGH_LATENCY", "DATA_DRIFT", "OUT_OF_MEMORY"),
                answer.getList("alerts.decision.incidentType").subList(0, 4));
        assertTrue(answer.getString("alerts[4].rejection").contains("tried service, deployment"), answer.getString("alerts[4].rejection"));
        assertEquals("service", answer.getString("alerts[0].serviceLabel"));
        assertEquals("annotation:error_rate", answer.getString("alerts[0].facts.find { it.name == 'errorRate' }.source"));
        assertEquals("P1", answer.getString("alerts[0].decision.severity"));
        assertEquals("FIRING", answer.getString("alerts[0].status"));
        assertEquals("MLModelHighErrorRate", answer.getString("alerts[0].alertname"));
        assertEquals("ml-model-api", answer.getString("alerts[0].service"));
        assertTrue(answer.getList("alerts[0].facts.name").containsAll(List.of("service", "errorRate", "customerFacing")));
        assertEquals(0.12, answer.getDouble("alerts[0].facts.find { it.name == 'errorRate' }.value"), 1e-9);
        assertTrue(answer.getMap("alerts[0].facts[0]").containsKey("source"), "every fact says where it came from, null if unknown");
        assertEquals("alert-routing", answer.getString("alerts[0].routing[0].model"));
        assertFalse(answer.getList("alerts[0].decision.actions").isEmpty());
        assertEquals("alert-routing", answer.getString("alerts[0].decision.explanation[0].model"),
                "the decision is explained as the webhook's would be, routing rows first");

        assertEquals(recordsBefore, Api.get("/api/v1/audit/verify").getString("checkedRecords"), "no audit record");
        assertEquals(newestIncident, Api.get("/api/v1/incidents?limit=1").getString("items[0].id"), "no incident");
    }

    @Test
    void rejectedResolvedAndAcknowledgedAlertsSayWhatTheWebhookWouldDo() throws Exception {
        String body = "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"Watchdog\"},\"fingerprint\":\"w1\"},"
                + "{\"status\":\"resolved\",\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"s\"},\"fingerprint\":\"r1\"}]}";
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/alerts/alertmanager/test").then().statusCode(200)
                .body("alerts[0].outcome", equalTo("REJECTED")).body("alerts[0].rejection", containsString("service"))
                .body("alerts[0]", not(hasKey("decision")))
                .body("alerts[1].outcome", equalTo("RESOLVED")).body("alerts[1].dedupKey", equalTo("r1"));
        given().contentType(ContentType.JSON).body("{\"routing_key\":\"k\",\"event_action\":\"acknowledge\",\"dedup_key\":\"d1\"}")
                .when().post("/api/v1/alerts/pagerduty/test").then().statusCode(200)
                .body("alerts[0].outcome", equalTo("ACKNOWLEDGED")).body("alerts[0].dedupKey", equalTo("d1"));
        given().contentType(ContentType.JSON).body(Files.readAllBytes(Path.of("samples/grafana/firing.json")))
                .when().post("/api/v1/alerts/grafana/test").then().statusCode(200).body("sender", equalTo("grafana"))
                .body("alerts.outcome", hasItem("DECIDED"));
    }

    @Test
    void malformedBodiesAre400NamingTheFieldAndAreNotRecorded() {
        String newestRejected = Api.get("/api/v1/audit/records?kind=REJECTED_DELIVERY&limit=1").getString("items[0].id");
        given().contentType(ContentType.JSON).body("{\"alerts\":[{\"status\":\"pending\",\"labels\":{\"a\":\"b\"}}]}")
                .when().post("/api/v1/alerts/alertmanager/test")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("alerts[0].status"));
        given().contentType(ContentType.JSON).body("not json").when().post("/api/v1/alerts/grafana/test")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("$"));
        given().contentType(ContentType.JSON).body("{\"routing_key\":\"k\",\"event_action\":\"explode\"}")
                .when().post("/api/v1/alerts/pagerduty/test").then().statusCode(400).body("errors.field", hasItem("event_action"));
        assertEquals(newestRejected, Api.get("/api/v1/audit/records?kind=REJECTED_DELIVERY&limit=1").getString("items[0].id"),
                "a refused test body is not recorded");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String huge = "{\"alerts\":[],\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(huge).when().post("/api/v1/alerts/alertmanager/test")
                .then().statusCode(413).contentType("application/problem+json").body("detail", containsString("1048576"));
    }

    @Test
    void itNeedsTheEvaluatorRoleGivenLikeTheWebhooksKey() throws Exception {
        String body = "{\"alerts\":[]}";
        HttpResponse<String> anonymous = Http.send("POST", "/api/v1/alerts/alertmanager/test", "application/json", body, Map.of());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("/api/v1/alerts/alertmanager/test"), "'test' is the endpoint, not a key to mask");
        assertEquals(403, Http.send("POST", "/api/v1/alerts/alertmanager/test", "application/json", body,
                Map.of("X-API-Key", TestKeys.AUDITOR)).statusCode());
        assertEquals(200, Http.send("POST", "/api/v1/alerts/alertmanager/test", "application/json", body,
                Map.of("X-API-Key", TestKeys.EVALUATOR)).statusCode());
        assertEquals(200, Http.send("POST", "/api/v1/alerts/grafana/test/" + TestKeys.EVALUATOR, "application/json", body, Map.of())
                .statusCode(), "the key at the end of the path, as for the webhooks");
        HttpResponse<String> badKey = Http.send("POST", "/api/v1/alerts/grafana/test/rbk_nope", "application/json", body, Map.of());
        assertEquals(401, badKey.statusCode());
        assertFalse(badKey.body().contains("rbk_nope"), "a key in the path is masked");
    }
}
