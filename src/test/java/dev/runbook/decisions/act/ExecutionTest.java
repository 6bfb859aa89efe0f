package dev.runbook.decisions.act;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.support.Deployments;
import dev.runbook.decisions.support.Facts;
import dev.runbook.decisions.support.ReceivingTest;
import dev.runbook.decisions.support.TestKeys;

/**
 * The OOM plan carried out through the API, as the worked example of docs/executing-actions.md does it: dry-run
 * changes nothing; execute sends the notifications, holds the scale-down for an operator and the rest of the
 * Deployment's plan behind it; approval runs them in order, rejection skips the scale-down, and an approval not given
 * in time lapses.
 */
@QuarkusTest
class ExecutionTest extends ReceivingTest {

    private static final String NS = "ml";
    @Inject
    KubernetesClient client;

    @Inject
    Approvals approvals;

    @Test
    void dryRunReportsEveryActionAndChangesNothing() {
        Deployments.create(client, NS, "oom-dry", Deployments.REMEDIABLE);
        JsonPath decision = decide("oom-dry", "dry-run");
        assertEquals(List.of("DRY_RUN", "DRY_RUN", "DRY_RUN", "DRY_RUN", "DRY_RUN", "MANUAL", "DRY_RUN", "MANUAL", "DRY_RUN"),
                decision.getList("execution.status"));
        assertEquals(1, decision.getInt("execution[2].after.replicas"));
        assertTrue(decision.getString("execution[2].message").contains("HIGH risk: needs approval in execute mode"));
        assertEquals("2Gi", decision.getString("execution[4].after.limitsMemory"));
        Deployment after = Deployments.get(client, NS, "oom-dry");
        assertEquals(3, after.getSpec().getReplicas());
        assertEquals("100", Deployments.env(after, "MAX_BATCH_SIZE"));
        assertEquals(List.of(), receiver.received(), "a dry run sends nothing");
        given().get("/api/v1/incidents/" + decision.getString("incident.id")).then().statusCode(200)
                .body("escalation.size()", equalTo(0));
    }

    @Test
    void executeHoldsTheScaleDownForApprovalThenRunsThePlanInOrder() {
        Deployments.create(client, NS, "oom-approve", Deployments.REMEDIABLE);
        JsonPath decision = decide("oom-approve", "execute");
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED", "AWAITING_APPROVAL", "HELD", "HELD", "MANUAL", "HELD", "MANUAL", "SUCCEEDED"),
                decision.getList("execution.status"));
        assertEquals(1, receiver.received("/slack").size());
        assertEquals(2, receiver.received("/webhook").size(), "ticket and postmortem");
        assertEquals(3, Deployments.get(client, NS, "oom-approve").getSpec().getReplicas(), "nothing ran before approval");

        String incident = decision.getString("incident.id");
        String scaleDown = decision.getString("execution[2].actionId");
        JsonPath approved = given().header("X-API-Key", TestKeys.OPERATOR).contentType(ContentType.JSON)
                .body("{\"note\":\"traffic is low, go\"}").post(actionPath(incident, scaleDown) + "/approve")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("SCALE", "SCALE", "SET_RESOURCES", "SET_ENV"), approved.getList("type"));
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"), approved.getList("status"));
        assertEquals("test-operator", approved.getString("[0].decidedBy"));
        assertEquals(1, approved.getInt("[0].after.replicas"));
        Deployment after = Deployments.get(client, NS, "oom-approve");
        assertEquals(3, after.getSpec().getReplicas());
        assertEquals("50", Deployments.env(after, "MAX_BATCH_SIZE"));
        assertEquals("2Gi", after.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory").toString());

        given().header("X-API-Key", TestKeys.OPERATOR).post(actionPath(incident, scaleDown) + "/approve")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("SUCCEEDED"));
        JsonPath view = given().get("/api/v1/incidents/" + incident).then().statusCode(200).extract().jsonPath();
        List<String> kinds = view.getList("timeline.kind");
        assertTrue(kinds.containsAll(List.of("DECISION", "ACTION_AWAITING_APPROVAL", "ACTION_HELD", "ACTION_STARTED",
                "ACTION_SUCCEEDED")), kinds.toString());
        assertTrue(view.getList("timeline.note").stream().anyMatch(n -> String.valueOf(n).contains("approved by test-operator: traffic is low, go")));
        assertEquals(List.of("SLACK", "PAGE", "SLACK"), view.getList("escalation.channel"));
        given().get("/api/v1/incidents/" + incident + "/actions").then().statusCode(200)
                .body("checklist.type", equalTo(List.of("INVESTIGATE", "INVESTIGATE")))
                .body("actions.size()", equalTo(7));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("runbook_actions_total{mode=\"EXECUTE\",status=\"AWAITING_APPROVAL\",type=\"SCALE\"}"))
                .body(containsString("runbook_actions_total{mode=\"EXECUTE\",status=\"SUCCEEDED\",type=\"SET_ENV\"}"));
    }

    @Test
    void rejectingSkipsTheScaleDownAndReleasesTheRest() {
        Deployments.create(client, NS, "oom-reject", Deployments.REMEDIABLE);
        JsonPath decision = decide("oom-reject", "execute");
        JsonPath rejected = given().header("X-API-Key", TestKeys.OPERATOR)
                .post(actionPath(decision.getString("incident.id"), decision.getString("execution[2].actionId")) + "/reject")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("REJECTED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"), rejected.getList("status"));
        assertEquals("rejected by test-operator", rejected.getString("[0].message"));
        assertEquals("50", Deployments.env(Deployments.get(client, NS, "oom-reject"), "MAX_BATCH_SIZE"));
    }

    @Test
    void anApprovalNotGivenInTimeLapsesWithTheActionsHeldBehindIt() {
        Deployments.create(client, NS, "oom-lapse", Deployments.REMEDIABLE);
        JsonPath decision = decide("oom-lapse", "execute");
        String incident = decision.getString("incident.id");
        approvals.expireDue(Instant.now().plus(Duration.ofMinutes(31)));
        List<String> statuses = given().get("/api/v1/incidents/" + incident + "/actions").then().statusCode(200)
                .extract().jsonPath().getList("actions.status");
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED", "EXPIRED", "EXPIRED", "EXPIRED", "EXPIRED", "SUCCEEDED"), statuses);
        given().header("X-API-Key", TestKeys.OPERATOR).post(actionPath(incident, decision.getString("execution[2].actionId")) + "/approve")
                .then().statusCode(409).body("detail", containsString("EXPIRED"));
        assertEquals(3, Deployments.get(client, NS, "oom-lapse").getSpec().getReplicas());
        assertEquals("100", Deployments.env(Deployments.get(client, NS, "oom-lapse"), "MAX_BATCH_SIZE"));
    }

    @Test
    void executeNeedsTheOperatorRole() {
        given().header("X-API-Key", TestKeys.EVALUATOR).contentType(ContentType.JSON)
                .body(Facts.of("out-of-memory-oomkilled", NS, "oom-role", Map.of())).post("/api/v1/decisions?mode=execute")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("operator"));
        given().header("X-API-Key", TestKeys.EVALUATOR).contentType(ContentType.JSON)
                .body(Facts.of("out-of-memory-oomkilled", NS, "oom-role", Map.of())).post("/api/v1/decisions?mode=dry-run")
                .then().statusCode(200);
    }

    @Test
    void anUnknownModeIsRefusedNamingTheParameter() {
        given().contentType(ContentType.JSON).body(Facts.of("out-of-memory-oomkilled", NS, "oom-mode", Map.of()))
                .post("/api/v1/decisions?mode=yolo").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("mode")).body("errors[0].message", containsString("advise, dry-run, execute"));
    }

    @Test
    void approvingAnUnknownActionIs404() {
        String incident = decide("oom-404", "advise").getString("incident.id");
        given().header("X-API-Key", TestKeys.OPERATOR).post(actionPath(incident, "no-such-action") + "/approve")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aMalformedApprovalIsRefusedNamingTheFieldsAndChangesNothing() {
        Deployments.create(client, NS, "oom-bad-note", Deployments.REMEDIABLE);
        JsonPath decision = decide("oom-bad-note", "execute");
        String incident = decision.getString("incident.id");
        String scaleDown = decision.getString("execution[2].actionId");
        given().header("X-API-Key", TestKeys.OPERATOR).contentType(ContentType.JSON).body("{\"note\": 5, \"force\": true}")
                .post(actionPath(incident, scaleDown) + "/approve").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", equalTo(List.of("force", "note")));
        given().header("X-API-Key", TestKeys.OPERATOR).contentType(ContentType.JSON).body("{\"note\": ")
                .post(actionPath(incident, scaleDown) + "/reject").then().statusCode(400)
                .contentType("application/problem+json");
        assertEquals("AWAITING_APPROVAL", given().get("/api/v1/incidents/" + incident + "/actions").then().statusCode(200)
                .extract().jsonPath().getString("actions.find { it.id == '" + scaleDown + "' }.status"));
        assertEquals(3, Deployments.get(client, NS, "oom-bad-note").getSpec().getReplicas());
    }

    @Test
    void theActionsOfAnUnknownIncidentAre404() {
        given().get("/api/v1/incidents/no-such-incident/actions").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-incident"));
    }

    private static JsonPath decide(String service, String mode) {
        return given().contentType(ContentType.JSON).body(Facts.of("out-of-memory-oomkilled", NS, service, Map.of()))
                .post("/api/v1/decisions?mode=" + mode).then().statusCode(200).extract().jsonPath();
    }

    private static String actionPath(String incident, String action) {
        return "/api/v1/incidents/" + incident + "/actions/" + action;
    }
}
