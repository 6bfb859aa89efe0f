package dev.runbook.decisions.api;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Bad query parameters and lifecycle bodies are answered 400 problem+json naming the parameter or field. */
@QuarkusTest
class QueryBadInputTest {

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("/api/v1/decisions?from=yesterday", "from", "ISO-8601"),
                Arguments.of("/api/v1/decisions?to=2026-13-01T00:00:00Z", "to", "ISO-8601"),
                Arguments.of("/api/v1/decisions?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z", "to", "after"),
                Arguments.of("/api/v1/decisions?limit=0", "limit", "1 to 1000"),
                Arguments.of("/api/v1/decisions?limit=1001", "limit", "1 to 1000"),
                Arguments.of("/api/v1/decisions?limit=-5", "limit", "1 to 1000"),
                Arguments.of("/api/v1/decisions?limit=ten", "limit", "1 to 1000"),
                Arguments.of("/api/v1/decisions?cursor=not-a-cursor", "cursor", "nextCursor"),
                Arguments.of("/api/v1/decisions?cursor=c2VxOi0x", "cursor", "nextCursor"),
                Arguments.of("/api/v1/decisions?severity=P5", "severity", "P1"),
                Arguments.of("/api/v1/decisions?incidentType=DISK_FULL", "incidentType", "HIGH_LATENCY"),
                Arguments.of("/api/v1/decisions/export?from=last-week", "from", "ISO-8601"),
                Arguments.of("/api/v1/incidents?status=CLOSED", "status", "ACKNOWLEDGED"),
                Arguments.of("/api/v1/incidents?limit=100000", "limit", "1 to 1000"),
                Arguments.of("/api/v1/incidents?cursor=%25%25", "cursor", "nextCursor"),
                Arguments.of("/api/v1/audit/records?limit=101", "limit", "1 to 100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badQueryParameterIsNamed(String path, String parameter, String message) {
        given().urlEncodingEnabled(false).when().get(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(parameter))
                .body("errors.find { it.field == '" + parameter + "' }.message", containsString(message));
    }

    static Stream<Arguments> badNotes() {
        return Stream.of(
                Arguments.of("{\"note\": 42}", "note"),
                Arguments.of("{\"note\": \"ok\", \"by\": \"mallory\"}", "by"),
                Arguments.of("{\"note\": ", "$"),
                Arguments.of("[\"note\"]", "$"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNotes")
    void badLifecycleBodyIsNamed(String body, String field) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/incidents/any-id/acknowledge")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }
}
