package dev.runbook.decisions.api;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With runbook.editing.require-approval=true a draft is published only after a second editor approved it. */
@QuarkusTest
@TestProfile(FourEyesEditingTest.RequireApproval.class)
class FourEyesEditingTest {

    public static class RequireApproval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runbook.editing.require-approval", "true");
        }
    }

    @Test
    void aDraftNeedsAnotherEditorsApprovalBeforeAnyoneCanPublishIt() {
        String model = ModelEditingContract.MODEL;
        int shipped = ModelEditingContract.published(model);
        int version = ModelEditingContract.draft(model, ModelEditingContract.driftAt("0.25"), TestKeys.EDITOR).getInt("version.version");
        String publish = "{\"reason\": \"four eyes\", \"acknowledgedSampleChanges\": [\"boundary-drift-0.3\"]}";

        ModelEditingContract.publish(model, version, publish).statusCode(409)
                .contentType("application/problem+json").body("type", containsString("approval-required"));
        given().header("X-API-Key", TestKeys.EDITOR).when().post("/api/v1/models/" + model + "/versions/" + version + "/approve")
                .then().statusCode(403).body("type", containsString("own-approval"));
        assertEquals(shipped, ModelEditingContract.published(model), "refusals change nothing");

        given().header("X-API-Key", TestKeys.ADMIN).when().post("/api/v1/models/" + model + "/versions/" + version + "/approve")
                .then().statusCode(200).body("approvedBy", equalTo("test-admin"));
        given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body(publish)
                .when().post("/api/v1/models/" + model + "/versions/" + version + "/publish")
                .then().statusCode(200).body("state", equalTo("PUBLISHED")).body("publishedBy", equalTo("test-editor"));

        given().contentType(ContentType.JSON).body("{\"toVersion\": " + shipped + ", \"reason\": \"test done\"}")
                .when().post("/api/v1/models/" + model + "/rollback").then().statusCode(200);
    }
}
