package dev.runbook.decisions.api;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.support.JsonSubset;
import dev.runbook.decisions.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sample of samples/ posted over HTTP answers exactly its expected decision in samples/expected/. */
@QuarkusTest
class SampleDecisionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> samples() {
        return Samples.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleAnswersItsExpectedDecision(String sample) throws Exception {
        String body = given().contentType(ContentType.JSON).body(Samples.facts(sample))
                .when().post("/api/v1/decisions")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("decisionId", matchesPattern("[0-9a-f-]{36}"))
                .body("evaluatedAt", notNullValue())
                .body("actions.reason", everyItem(not(emptyOrNullString())))
                .extract().asString();
        JsonSubset.assertMatches(JSON.readTree(Samples.expected(sample)), JSON.readTree(body));
    }

    @Test
    void everyRunbookSectionHasASample() {
        List<String> names = Samples.names();
        for (String section : List.of("model-degradation", "high-error-rate", "high-latency", "data-drift", "mlflow-down", "out-of-memory")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(section)), "no sample for " + section);
        }
    }

    @Test
    void explanationNamesTheRowsAndRulesBehindEachPart() {
        given().contentType(ContentType.JSON).body(Samples.facts("high-latency-database-outage"))
                .when().post("/api/v1/decisions")
                .then().statusCode(200)
                .body("explanation", hasSize(greaterThan(10)))
                .body("explanation.findAll { it.model == 'severity' && it.decision == 'baseSeverity' }.row", contains(1))
                .body("explanation.find { it.decision == 'baseSeverity' }.annotation", containsString("P1 (Critical)"))
                .body("explanation.findAll { it.model == 'escalation' && it.decision == 'dataRelated' }.row", contains(2))
                .body("explanation.findAll { it.kind == 'DRL_RULE' }.rule", hasItem("Database time dominates: investigate the database"))
                .body("explanation.findAll { it.kind == 'DRL_RULE' }.model", everyItem(equalTo("rules/high-latency.drl")))
                .body("explanation.findAll { it.kind == 'DRL_RULE' }.part", everyItem(equalTo("actions")));
    }
}
