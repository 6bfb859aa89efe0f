package dev.runbook.decisions.api;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
class ModelResourceTest {

    @Test
    void listsEveryLoadedModelWithHashAndDecisions() {
        given().when().get("/api/v1/models")
                .then().statusCode(200)
                .body("models.name", hasItems("classification", "severity", "escalation", "communication", "recovery",
                        "remediation-thresholds", "action-catalogue"))
                .body("models.contentHash", everyItem(matchesPattern("[0-9a-f]{64}")))
                // what this replica decides with is what the store publishes (other tests publish and roll back)
                .body("models.version", equalTo(given().when().get("/api/v1/models").then().extract().path("published.version")))
                .body("models.contentHash", equalTo(given().when().get("/api/v1/models").then().extract().path("published.sha256")))
                .body("models.find { it.name == 'severity' }.namespace", equalTo("https://runbook-decisions.dev/dmn/severity"))
                .body("models.find { it.name == 'severity' }.source", equalTo("dmn/severity.dmn"))
                .body("models.find { it.name == 'severity' }.inputs.name", hasItems("errorRate", "productionOutage", "environment"))
                .body("models.find { it.name == 'severity' }.decisions.name", hasItems("baseSeverity", "severity", "responseTimeMinutes", "postmortem"))
                .body("models.find { it.name == 'severity' }.decisions.find { it.name == 'postmortem' }.outputs", hasItems("required", "withinHours"))
                .body("models.find { it.name == 'severity' }.decisions.find { it.name == 'severity' }.requires", hasItems("environment", "baseSeverity"))
                .body("rules.name", hasItems("high-error-rate.drl", "high-latency.drl", "model-degradation.drl",
                        "data-drift.drl", "mlflow-down.drl", "out-of-memory.drl"))
                .body("rules.find { it.name == 'high-latency.drl' }.rules", hasItem("Batches above 100: reduce MAX_BATCH_SIZE to 50"))
                .body("rules.contentHash", everyItem(matchesPattern("[0-9a-f]{64}")));
    }

    @Test
    void evaluatesOneModelOnItsOwn() {
        given().contentType(ContentType.JSON).body("{\"errorRate\": 0.07, \"environment\": \"production\"}")
                .when().post("/api/v1/models/severity/evaluate")
                .then().statusCode(200)
                .body("model", equalTo("severity"))
                .body("decisions.severity", equalTo("P2"))
                .body("decisions.responseTimeMinutes", equalTo(15))
                .body("decisions.postmortem.required", equalTo(true))
                .body("explanation.find { it.decision == 'baseSeverity' }.row", equalTo(3));
    }

    @Test
    void unknownModelIsNotFound() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/no-such-model/evaluate")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no-such-model"));
    }

    @Test
    void inputThatIsNotAModelInputIsNamed() {
        given().contentType(ContentType.JSON).body("{\"errorRate\": 0.07, \"severityLevel\": \"P1\"}")
                .when().post("/api/v1/models/severity/evaluate")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("severityLevel"));
    }

    @Test
    void inputOfTheWrongTypeIsUnprocessable() {
        given().contentType(ContentType.JSON).body("{\"errorRate\": \"very high\"}")
                .when().post("/api/v1/models/severity/evaluate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasSize(org.hamcrest.Matchers.greaterThan(0)))
                .body("errors[0].message", containsString("errorRate"));
    }

    @Test
    void malformedModelInputIsRefused() {
        given().contentType(ContentType.JSON).body("{\"errorRate\": ")
                .when().post("/api/v1/models/severity/evaluate")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("$"));
    }
}
