package dev.runbook.decisions.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.TestKeys;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Editing a model over the API, on whichever store the subclass selects: drafts, the sample report, publish, rollback
 * and every refusal, each refusal leaving the published version as it was. Every test that publishes puts the
 * shipped content back, so the other test classes sharing the store decide as shipped.
 */
abstract class ModelEditingContract {

    static final String MODEL = "classification";
    static final String DRIFT_THRESHOLD = "<text>0.3</text></outputEntry>";

    private Integer shippedVersion;

    /** The model's published version now. */
    static int published(String model) {
        return Api.get("/api/v1/models/" + model + "/versions").getInt("published");
    }

    static String content(String model, int version) {
        return given().when().get("/api/v1/models/" + model + "/versions/" + version)
                .then().statusCode(200).contentType(ContentType.XML).extract().asString();
    }

    /** The published content with the drift threshold at {@code threshold}. */
    static String driftAt(String threshold) {
        String shipped = content(MODEL, published(MODEL));
        assertTrue(shipped.contains(DRIFT_THRESHOLD), "the drift row is where the test expects it");
        return shipped.replace(DRIFT_THRESHOLD, "<text>" + threshold + "</text></outputEntry>");
    }

    static JsonPath draft(String model, String xml, String key) {
        return given().header("X-API-Key", key).contentType("application/xml; charset=UTF-8").body(xml).queryParam("reason", "test draft")
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(201).extract().jsonPath();
    }

    static io.restassured.response.ValidatableResponse publish(String model, int version, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/models/" + model + "/versions/" + version + "/publish").then();
    }

    /** The published version now is put back after the test. */
    void rememberForRollback() {
        remember();
    }

    private void remember() {
        shippedVersion = published(MODEL);
    }

    @AfterEach
    void putTheShippedContentBack() {
        if (shippedVersion != null && published(MODEL) != shippedVersion) {
            given().contentType(ContentType.JSON).body("{\"toVersion\": " + shippedVersion + ", \"reason\": \"test done\"}")
                    .when().post("/api/v1/models/" + MODEL + "/rollback").then().statusCode(200);
        }
    }

    @Test
    void everyShippedModelIsPublishedAndDeployAuthoredItsFirstVersion() {
        JsonPath models = Api.get("/api/v1/models");
        assertEquals(models.getList("models.name"), models.getList("published.model"));
        assertTrue(models.getList("published.state").stream().allMatch("PUBLISHED"::equals));
        JsonPath versions = Api.get("/api/v1/models/severity/versions");
        assertEquals("deploy", versions.getString("versions.find { it.version == 1 }.author"));
        assertEquals(64, versions.getString("versions[0].sha256").length());
        assertTrue(content("severity", 1).contains("name=\"severity\""));
    }

    @Test
    void aDraftIsValidatedAndNamesTheSamplesItChangesThenPublishedAndRolledBack() {
        remember();
        String service = Api.uniqueService("drift");
        String facts = "{\"service\":\"" + service + "\",\"driftScore\":0.27,\"trafficNormal\":true}";
        String before = Api.decide(facts).getString("incidentType");
        assertNotEquals("DATA_DRIFT", before, "0.27 is no drift under the shipped 0.3");

        JsonPath draft = draft(MODEL, driftAt("0.25"), TestKeys.EDITOR);
        int version = draft.getInt("version.version");
        assertEquals("DRAFT", draft.getString("version.state"));
        assertEquals("test-editor", draft.getString("version.author"));
        assertEquals(shippedVersion, draft.getInt("version.parentVersion"));
        assertTrue(draft.getBoolean("validation.valid"), draft.getString("validation"));
        assertEquals(List.of("boundary-drift-0.3"), draft.getList("samples.changed.sample"));
        assertTrue(draft.getList("samples.changed[0].differences.field").contains("incidentType"));

        given().when().get("/api/v1/models/" + MODEL + "/versions/" + version + "/diff").then().statusCode(200)
                .body("against", equalTo(shippedVersion))
                .body("tables", hasSize(1))
                .body("tables[0].rowsChanged[0].cells[0].before", equalTo("0.3"))
                .body("tables[0].rowsChanged[0].cells[0].after", equalTo("0.25"))
                .body("unified", containsString("+        <outputEntry"));
        given().when().get("/api/v1/models/" + MODEL + "/versions/" + version + "/info").then().statusCode(200)
                .body("samples.changed.sample", contains("boundary-drift-0.3"));

        publish(MODEL, version, "{\"reason\": \"drift earlier\"}").statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("samples-not-acknowledged"))
                .body("errors[0].field", equalTo("acknowledgedSampleChanges"))
                .body("detail", containsString("boundary-drift-0.3"));
        assertEquals(shippedVersion, published(MODEL), "a refused publish changes nothing");

        publish(MODEL, version, "{\"reason\": \"drift earlier\", \"acknowledgedSampleChanges\": [\"boundary-drift-0.3\"]}")
                .statusCode(200).body("state", equalTo("PUBLISHED")).body("publishedBy", equalTo("test-admin"));
        assertEquals(version, published(MODEL));
        JsonPath after = Api.decide(facts);
        assertEquals("DATA_DRIFT", after.getString("incidentType"));
        JsonPath record = Api.get("/api/v1/decisions/" + after.getString("decisionId"));
        assertEquals(version, record.getInt("record.models.find { it.source == 'dmn/classification.dmn' }.version"));
        JsonPath publication = Api.get("/api/v1/audit/records?kind=MODEL_PUBLISHED&limit=1");
        assertEquals("drift earlier", publication.getString("items[0].record.reason"));
        assertEquals(version, publication.getInt("items[0].record.version"));
        assertEquals(shippedVersion, publication.getInt("items[0].record.previousVersion"));

        given().contentType(ContentType.JSON).body("{\"toVersion\": " + shippedVersion + ", \"reason\": \"too many pages\"}")
                .when().post("/api/v1/models/" + MODEL + "/rollback").then().statusCode(200)
                .body("version", equalTo(version + 1)).body("state", equalTo("PUBLISHED"))
                .body("reason", containsString("rollback to version " + shippedVersion));
        assertEquals(before, Api.decide(facts).getString("incidentType"));
        JsonPath history = Api.get("/api/v1/models/" + MODEL + "/versions");
        assertEquals("RETIRED", history.getString("versions.find { it.version == " + version + " }.state"));
        assertEquals(content(MODEL, shippedVersion), content(MODEL, version + 1));
        shippedVersion = version + 1;
    }

    @Test
    void malformedXmlIsRefusedAndStoresNothing() {
        int count = Api.get("/api/v1/models/" + MODEL + "/versions").getList("versions").size();
        given().contentType("application/xml; charset=UTF-8").body("<definitions name=\"classification\"><unclosed>")
                .when().post("/api/v1/models/" + MODEL + "/versions").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", notNullValue());
        given().contentType("application/xml; charset=UTF-8").body("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><definitions name=\"classification\">&e;</definitions>")
                .when().post("/api/v1/models/" + MODEL + "/versions").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/" + MODEL + "/versions").then().statusCode(415);
        assertEquals(count, Api.get("/api/v1/models/" + MODEL + "/versions").getList("versions").size());
    }

    @Test
    void aFileOfAnotherModelIsRefusedNamingTheField() {
        given().contentType("application/xml; charset=UTF-8").body(content("severity", published("severity")))
                .when().post("/api/v1/models/" + MODEL + "/versions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("wrong-model-name"))
                .body("errors[0].field", equalTo("definitions.name"))
                .body("detail", containsString("'severity'"));
    }

    @Test
    void anUnknownModelOrVersionIsNotFound() {
        given().when().get("/api/v1/models/no-such-model/versions").then().statusCode(404)
                .contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        given().when().get("/api/v1/models/" + MODEL + "/versions/9999").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"toVersion\": 9999, \"reason\": \"x\"}")
                .when().post("/api/v1/models/" + MODEL + "/rollback").then().statusCode(404)
                .body("type", containsString("unknown-version")).body("errors[0].field", equalTo("toVersion"));
        given().contentType(ContentType.JSON).body("{\"toVersion\": 1}")
                .when().post("/api/v1/models/" + MODEL + "/rollback").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
    }

    @Test
    void anInvalidDraftIsStoredButNeverPublished() {
        remember();
        String broken = driftAt("0.25").replace("name=\"driftScore\"", "name=\"driftScoreRenamed\"");
        JsonPath draft = draft(MODEL, broken, TestKeys.EDITOR);
        assertEquals(false, draft.getBoolean("validation.valid"));
        assertTrue(draft.getList("validation.messages.severity").contains("ERROR"));
        assertEquals(null, draft.getString("samples"));
        publish(MODEL, draft.getInt("version.version"), "{\"reason\": \"x\"}").statusCode(422)
                .body("type", containsString("invalid-draft"));
        given().header("X-API-Key", TestKeys.ADMIN).when().post("/api/v1/models/" + MODEL + "/versions/" + draft.getInt("version.version") + "/approve")
                .then().statusCode(422);
        assertEquals(shippedVersion, published(MODEL));
    }

    @Test
    void retiredAndPublishedVersionsAreNotDraftsAndStay() {
        int now = published(MODEL);
        publish(MODEL, now, "{\"reason\": \"again\"}").statusCode(409).body("type", containsString("not-a-draft"));
        given().when().delete("/api/v1/models/" + MODEL + "/versions/" + now).then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals(now, published(MODEL));
        int draft = draft(MODEL, driftAt("0.28"), TestKeys.EDITOR).getInt("version.version");
        given().contentType(ContentType.JSON).body("{\"toVersion\": " + draft + ", \"reason\": \"skip the review\"}")
                .when().post("/api/v1/models/" + MODEL + "/rollback").then().statusCode(409)
                .body("type", containsString("never-published")).body("errors[0].field", equalTo("toVersion"));
        given().when().delete("/api/v1/models/" + MODEL + "/versions/" + draft).then().statusCode(204);
        given().when().get("/api/v1/models/" + MODEL + "/versions/" + draft).then().statusCode(404);
    }

    @Test
    void ofTwoDraftsOfOneModelPublishedAtOnceOneWinsAndTheOtherIsRefused() throws Exception {
        remember();
        int first = draft(MODEL, driftAt("0.25"), TestKeys.EDITOR).getInt("version.version");
        int second = draft(MODEL, driftAt("0.26"), TestKeys.EDITOR).getInt("version.version");
        String ack = "{\"reason\": \"race\", \"acknowledgedSampleChanges\": [\"boundary-drift-0.3\"]}";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> both = new ArrayList<>();
            for (int version : List.of(first, second)) {
                both.add(() -> given().header("X-API-Key", TestKeys.ADMIN).contentType(ContentType.JSON).body(ack)
                        .when().post("/api/v1/models/" + MODEL + "/versions/" + version + "/publish").then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(both)) {
                statuses.add(f.get());
            }
            statuses.sort(null);
            assertEquals(List.of(200, 409), statuses);
        } finally {
            pool.shutdown();
        }
        int winner = published(MODEL);
        assertTrue(winner == first || winner == second);
        publish(MODEL, winner == first ? second : first, ack).statusCode(409).body("type", containsString("stale-draft"));
        assertEquals(winner, published(MODEL));
    }

    @Test
    void nobodyApprovesTheirOwnDraft() {
        int version = draft(MODEL, driftAt("0.25"), TestKeys.EDITOR).getInt("version.version");
        given().header("X-API-Key", TestKeys.EDITOR).when().post("/api/v1/models/" + MODEL + "/versions/" + version + "/approve")
                .then().statusCode(403).body("type", containsString("own-approval"));
        given().header("X-API-Key", TestKeys.ADMIN).when().post("/api/v1/models/" + MODEL + "/versions/" + version + "/approve")
                .then().statusCode(200).body("approvedBy", equalTo("test-admin")).body("approvedAt", notNullValue())
                .body("state", equalTo("DRAFT"));
        given().when().delete("/api/v1/models/" + MODEL + "/versions/" + version).then().statusCode(204);
    }
}
