package dev.runbook.decisions.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;
import dev.runbook.decisions.store.ShadowRows;
import dev.runbook.decisions.store.Store;
import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.TestKeys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A draft of classification.dmn that lowers the drift threshold from 0.3 to 0.25 shadows the published version: the
 * answers stay the published model's, and only the decision the draft decides differently is kept, with both outcomes.
 */
@QuarkusTest
class ShadowTest {

    private static final String THRESHOLD = "<outputEntry id=\"_classification_oe_symptomThresholdRows_3_value\"><text>0.3</text>";

    @Inject
    Store store;
    @Inject
    ShadowRows rows;

    /** The draft, made by the first test that runs (REST Assured knows the port only once a test runs). */
    private static int draft;
    private static String shadow;

    @BeforeEach
    void draftALowerDriftThreshold() throws Exception {
        if (shadow != null) {
            return;
        }
        String published = Files.readString(Path.of("dmn/classification.dmn"), StandardCharsets.UTF_8);
        assertTrue(published.contains(THRESHOLD), "classification.dmn still reads drift above 0.3");
        draft = given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.XML)
                .body(published.replace(THRESHOLD, THRESHOLD.replace("0.3<", "0.25<")))
                .when().post("/api/v1/models/classification/versions?reason=shadow test: drift above 0.25")
                .then().statusCode(201).extract().jsonPath().getInt("version.version");
        shadow = "/api/v1/models/classification/versions/" + draft + "/shadow";
    }

    /** Every test stops the shadow it started, so no later test class decides with a shadow running. */
    @AfterEach
    void stopTheShadow() {
        given().header("X-API-Key", TestKeys.EDITOR).when().delete(shadow).then().statusCode(200);
    }

    @Test
    void theDraftDecidesBesideThePublishedModelAndOnlyWhatItChangesIsKept() {
        String changed = Api.uniqueService("shadow-drift");
        String unchanged = Api.uniqueService("shadow-calm");
        JsonPath before = Api.decide(facts(changed, 0.27));
        assertEquals("UNCLASSIFIED", before.getString("incidentType"), "published: drift 0.27 is below 0.3");

        JsonPath earlier = Api.get(shadow);
        JsonPath started = given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{\"minutes\": 30}")
                .when().post(shadow).then().statusCode(200).extract().jsonPath();
        assertTrue(started.getBoolean("active"));
        assertEquals("test-editor", started.getString("startedBy"));
        Duration period = Duration.between(Instant.now(), Instant.parse(started.getString("until")));
        assertTrue(period.toMinutes() >= 29 && period.toMinutes() <= 30, "until is 30 minutes away: " + period);

        JsonPath during = Api.decide(facts(changed, 0.27));
        Api.decide(facts(unchanged, 0.1));
        assertEquals(before.getString("incidentType"), during.getString("incidentType"), "the answer is the published model's");
        assertEquals(before.getString("severity"), during.getString("severity"));
        assertEquals(before.getList("actions.type"), during.getList("actions.type"));
        assertEquals(before.getList("escalation.contact"), during.getList("escalation.contact"));

        long evaluated = earlier.getLong("evaluated");
        JsonPath view = awaitShadow(v -> v.getLong("evaluated") >= evaluated + 2);
        assertEquals(evaluated + 2, view.getLong("evaluated"));
        assertEquals(earlier.getLong("differing") + 1, view.getLong("differing"), "only the decision the draft changes");
        assertEquals(0, view.getLong("failed"));
        assertEquals(List.of(), view.getList("differences.findAll { it.service == '" + unchanged + "' }"));
        assertEquals(during.getString("decisionId"), view.getString("differences[0].decisionId"));
        assertEquals(changed, view.getString("differences[0].service"));
        assertEquals("UNCLASSIFIED", view.getString("differences[0].before.incidentType"));
        assertEquals(during.getString("severity"), view.getString("differences[0].before.severity"));
        assertEquals(during.getList("actions.type"), view.getList("differences[0].before.actions.type"));
        assertEquals(during.getList("escalation.contact"), view.getList("differences[0].before.escalation.contact"));
        assertEquals("DATA_DRIFT", view.getString("differences[0].after.incidentType"), "the draft: drift 0.27 is above 0.25");

        given().header("X-API-Key", TestKeys.AUDITOR).when().get(shadow).then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("runbook_shadow_evaluations_seconds_count{model=\"classification\",outcome=\"DIFFERING\"}"));
    }

    @Test
    void alertDeliveriesAreShadowedToo() {
        given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{}").when().post(shadow).then().statusCode(200);
        long evaluated = Api.get(shadow).getLong("evaluated");
        String service = Api.uniqueService("shadow-alert");
        String body = "{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"DriftScoreWatch\","
                + "\"service\":\"" + service + "\"},\"annotations\":{\"drift_score\":\"0.27\"},\"fingerprint\":\"s" + System.nanoTime() + "\"}]}";
        JsonPath answer = given().contentType(ContentType.JSON).body(body).when().post("/api/v1/alerts/alertmanager")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("DECIDED", answer.getString("alerts[0].outcome"), answer.prettify());
        JsonPath view = awaitShadow(v -> v.getLong("evaluated") > evaluated);
        assertEquals(answer.getString("alerts[0].recordId"), view.getString("differences[0].decisionId"));
        assertEquals("DATA_DRIFT", view.getString("differences[0].after.incidentType"));
    }

    @Test
    void aStoppedShadowRecordsNothingMore() {
        given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{\"minutes\": 1}").when().post(shadow).then().statusCode(200);
        JsonPath stopped = given().header("X-API-Key", TestKeys.EDITOR).when().delete(shadow).then().statusCode(200).extract().jsonPath();
        assertFalse(stopped.getBoolean("active"));
        long evaluated = stopped.getLong("evaluated");
        Api.decide(facts(Api.uniqueService("shadow-after"), 0.27));
        boolean counted = store.inTransaction(c -> rows.count(c, "classification", draft, Instant.now(), ShadowRows.Evaluation.DIFFERING));
        assertFalse(counted, "a replica that has not yet heard of the stop records nothing either");
        JsonPath view = Api.get(shadow);
        assertEquals(evaluated, view.getLong("evaluated"));
        assertFalse(view.getBoolean("active"));
    }

    @Test
    void onlyTheNewestDifferencesAreKept() {
        given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{}").when().post(shadow).then().statusCode(200);
        Decision.Outcome outcome = new Decision.Outcome(Severity.P4, IncidentType.UNCLASSIFIED, List.of(), List.of());
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
        store.inTransaction(c -> {
            for (int i = 0; i < ShadowRows.DIFFERENCES_KEPT + 5; i++) {
                rows.keep(c, "classification", draft, "old-" + i, longAgo.plusSeconds(i), "shadow-old", outcome, outcome);
            }
            return null;
        });
        List<String> kept = Api.get(shadow).getList("differences.decisionId");
        assertEquals(ShadowRows.DIFFERENCES_KEPT, kept.size());
        assertTrue(kept.contains("old-" + (ShadowRows.DIFFERENCES_KEPT + 4)), "the newest stay");
        assertFalse(kept.contains("old-0") || kept.contains("old-4"), "the oldest go");
    }

    @Test
    void refusals() {
        for (String minutes : List.of("0", "1441", "\"60\"", "1.5", "-3")) {
            given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{\"minutes\": " + minutes + "}")
                    .when().post(shadow).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("minutes"));
        }
        int published = Api.get("/api/v1/models/classification/versions").getInt("published");
        given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/classification/versions/" + published + "/shadow")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/already-published"));
        assertNull(Api.get("/api/v1/models/classification/versions/" + published + "/shadow").getString("until"),
                "the published version was never shadowed");
        given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/classification/versions/9999/shadow").then().statusCode(404);
        given().header("X-API-Key", TestKeys.EDITOR).when().get("/api/v1/models/classification/versions/9999/shadow").then().statusCode(404);
    }

    private JsonPath awaitShadow(Predicate<JsonPath> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonPath view = Api.get(shadow);
        while (!done.test(view) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            view = Api.get(shadow);
        }
        return view;
    }

    private static String facts(String service, double driftScore) {
        return "{\"service\": \"" + service + "\", \"driftScore\": " + driftScore + ", \"trafficNormal\": true}";
    }
}
