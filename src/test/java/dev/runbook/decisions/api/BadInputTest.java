package dev.runbook.decisions.api;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** Each kind of bad input is answered 400 application/problem+json naming the offending field, never a 500. */
@QuarkusTest
class BadInputTest {

    static Stream<Arguments> badFacts() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"service\": \"api\",", "$", "malformed JSON"),
                Arguments.of("empty body", "", "$", "empty"),
                Arguments.of("blank body", "   \n", "$", "empty"),
                Arguments.of("array instead of object", "[{\"service\": \"api\"}]", "$", "JSON object"),
                Arguments.of("bare number", "42", "$", "JSON object"),
                Arguments.of("NaN literal", "{\"service\": \"api\", \"errorRate\": NaN}", "$", "malformed JSON"),
                Arguments.of("duplicate key", "{\"service\": \"api\", \"service\": \"other\"}", "$", "Duplicate field"),
                Arguments.of("missing service", "{\"errorRate\": 0.2}", "service", "is required"),
                Arguments.of("null service", "{\"service\": null}", "service", "is required"),
                Arguments.of("service not a Kubernetes name", "{\"service\": \"ML API\"}", "service", "Kubernetes name"),
                Arguments.of("namespace not a Kubernetes name", "{\"service\": \"api\", \"namespace\": \"Prod_NS\"}", "namespace", "Kubernetes namespace"),
                Arguments.of("number as string", "{\"service\": \"api\", \"errorRate\": \"0.2\"}", "errorRate", "between 0 and 1"),
                Arguments.of("NaN as string", "{\"service\": \"api\", \"latencyP95Seconds\": \"NaN\"}", "latencyP95Seconds", "0 or more"),
                Arguments.of("boolean as string", "{\"service\": \"api\", \"productionOutage\": \"yes\"}", "productionOutage", "true or false"),
                Arguments.of("object for a string", "{\"service\": {\"name\": \"api\"}}", "service", "string"),
                Arguments.of("unknown errorType", "{\"service\": \"api\", \"errorType\": \"BAD_GATEWAY\"}", "errorType", "MALFORMED_INPUT"),
                Arguments.of("unknown environment", "{\"service\": \"api\", \"environment\": \"prod\"}", "environment", "production"),
                Arguments.of("unknown symptom", "{\"service\": \"api\", \"symptom\": \"DISK_FULL\"}", "symptom", "HIGH_LATENCY"),
                Arguments.of("unknown driftSource", "{\"service\": \"api\", \"driftSource\": \"upstream\"}", "driftSource", "UPSTREAM_PIPELINE"),
                Arguments.of("unknown mlflowImpactPhase", "{\"service\": \"api\", \"mlflowImpactPhase\": \"BOOT\"}", "mlflowImpactPhase", "MODEL_RELOAD"),
                Arguments.of("errorRate above 1", "{\"service\": \"api\", \"errorRate\": 1.5}", "errorRate", "between 0 and 1"),
                Arguments.of("errorRate negative", "{\"service\": \"api\", \"errorRate\": -0.1}", "errorRate", "between 0 and 1"),
                Arguments.of("cpuUtilization above 1", "{\"service\": \"api\", \"cpuUtilization\": 85}", "cpuUtilization", "between 0 and 1"),
                Arguments.of("memoryUtilization negative", "{\"service\": \"api\", \"memoryUtilization\": -1}", "memoryUtilization", "between 0 and 1"),
                Arguments.of("driftScore above 1", "{\"service\": \"api\", \"driftScore\": 1.01}", "driftScore", "between 0 and 1"),
                Arguments.of("accuracyDrop above 1", "{\"service\": \"api\", \"accuracyDrop\": 7}", "accuracyDrop", "between 0 and 1"),
                Arguments.of("negative latency", "{\"service\": \"api\", \"latencyP95Seconds\": -2}", "latencyP95Seconds", "0 or more"),
                Arguments.of("negative batch size", "{\"service\": \"api\", \"batchSize\": -5}", "batchSize", "whole number"),
                Arguments.of("fractional batch size", "{\"service\": \"api\", \"batchSize\": 1.5}", "batchSize", "whole number"),
                Arguments.of("exit code out of range", "{\"service\": \"api\", \"exitCode\": 300}", "exitCode", "between 0 and 255"),
                Arguments.of("unknown fact", "{\"service\": \"api\", \"errorrate\": 0.2}", "errorrate", "not a known incident fact"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFacts")
    void badFactsAreRefusedNamingTheField(String name, String body, String field, String message) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", containsString("/problems/invalid-input"))
                .body("instance", equalTo("/api/v1/decisions"))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }

    @Test
    void everyOffendingFieldIsNamedInOneAnswer() {
        given().contentType(ContentType.JSON)
                .body("{\"errorRate\": 2, \"cpuUtilization\": \"high\", \"errorType\": \"OOPS\", \"colour\": \"red\"}")
                .when().post("/api/v1/decisions")
                .then().statusCode(400)
                .body("errors", hasSize(5))
                .body("errors.field", hasItems("errorRate", "cpuUtilization", "errorType", "colour", "service"));
    }

    @Test
    void wrongContentTypeIsAProblemToo() {
        given().contentType(ContentType.TEXT).body("service=api")
                .when().post("/api/v1/decisions")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415))
                .body("instance", equalTo("/api/v1/decisions"));
    }

    @Test
    void unknownPathIsAProblem() {
        given().when().get("/api/v1/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodIsAProblem() {
        given().when().delete("/api/v1/decisions")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
    }
}
