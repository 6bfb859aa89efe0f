package dev.runbook.decisions.act;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alert receivers carry plans out in their configured mode (runbook.act.receiver-mode.NAME in the test profile:
 * ml-remediation executes, ml-preview dry-runs); any other receiver only advises.
 */
@QuarkusTest
class ReceiverModeTest {

    @Test
    void anExecutingReceiverRunsThePlanAndSchedulesTheEscalation() {
        JsonPath incident = incidentOf(deliver("ml-remediation"));
        List<String> statuses = actionStatuses(incident.getString("id"));
        assertTrue(statuses.contains("REFUSED") && !statuses.contains("DRY_RUN"), statuses.toString());
        assertEquals(List.of("PAGE", "PAGE", "PAGE"), incident.getList("escalation.channel"));
    }

    @Test
    void aDryRunReceiverPreviewsAndSchedulesNothing() {
        JsonPath incident = incidentOf(deliver("ml-preview"));
        List<String> statuses = actionStatuses(incident.getString("id"));
        assertTrue(statuses.contains("DRY_RUN") && !statuses.contains("SUCCEEDED") && !statuses.contains("STARTED"), statuses.toString());
        assertEquals(List.of(), incident.getList("escalation"));
    }

    @Test
    void anyOtherReceiverOnlyAdvises() {
        JsonPath incident = incidentOf(deliver("runbook-decisions"));
        assertEquals(List.of(), actionStatuses(incident.getString("id")));
        assertEquals(List.of(), incident.getList("escalation"));
    }

    private static String deliver(String receiver) {
        String service = "rm-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"version":"4","status":"firing","receiver":"%s","groupKey":"g","alerts":[{"status":"firing",
                 "labels":{"alertname":"MLModelHighErrorRate","severity":"critical","service":"%s","namespace":"esc"},
                 "annotations":{"error_rate":"12%%","customer_facing":"true"},"startsAt":"2026-11-27T08:00:00Z",
                 "fingerprint":"%s"}]}""".formatted(receiver, service, UUID.randomUUID());
        given().contentType(ContentType.JSON).body(body).post("/api/v1/alerts/alertmanager").then().statusCode(200);
        return service;
    }

    private static JsonPath incidentOf(String service) {
        String id = given().get("/api/v1/incidents?service=" + service).then().statusCode(200).extract().jsonPath()
                .getString("items[0].id");
        return given().get("/api/v1/incidents/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> actionStatuses(String incident) {
        return given().get("/api/v1/incidents/" + incident + "/actions").then().statusCode(200).extract().jsonPath()
                .getList("actions.status");
    }
}
