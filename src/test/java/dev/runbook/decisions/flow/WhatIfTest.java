package dev.runbook.decisions.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.runbook.decisions.support.Api;
import dev.runbook.decisions.support.Facts;
import dev.runbook.decisions.support.Samples;
import dev.runbook.decisions.support.TestKeys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The what-if of a model version over recorded decisions (POST /api/v1/models/{name}/versions/{v}/what-if), and the
 * replay it rests on: a recorded decision decided again from its record is the recorded decision.
 */
@QuarkusTest
class WhatIfTest {

    /** Samples whose facts a drift score reaches: the classification row "driftScore > symptomThresholds.driftScoreAbove". */
    private static final List<String> DRIFT_SAMPLES = List.of("data-drift-retrain", "data-drift-expected-user-input",
            "data-drift-unknown-source", "data-drift-false-alarm-staging", "boundary-drift-0.3",
            "model-degradation-accuracy-drop-with-drift", "high-latency-saturated");
    /** The drift threshold of dmn/classification.dmn, row 3 of symptomThresholdRows. */
    private static final String DRIFT_THRESHOLD = "<outputEntry id=\"_classification_oe_symptomThresholdRows_3_value\"><text>0.3</text></outputEntry>";

    /** The incidentType row that classifies a drift score above the threshold as DATA_DRIFT. */
    private static final String DRIFT_ROW = "incidentType#8";

    @Inject
    Replay replay;
    @Inject
    ObjectMapper json;

    @Test
    void aLowerDriftThresholdChangesExactlyTheDecisionsBetweenTheOldAndTheNew() {
        int version = draft("classification", classification().replace(DRIFT_THRESHOLD, DRIFT_THRESHOLD.replace("0.3<", "0.25<")),
                "drift from 0.25");
        String service = Api.uniqueService("what-if");
        Instant from = Instant.now();
        // Each sample at a drift score below both thresholds, between them (0.28, and 0.3 itself), and above both (0.35):
        // with 0.25, the scores between decide as 0.35 did with 0.3, and nothing else changes.
        Map<String, Outcome> recorded = new LinkedHashMap<>();
        Map<String, String> expectedAfter = new HashMap<>();
        Set<String> expectedChanged = new HashSet<>();
        for (String sample : DRIFT_SAMPLES) {
            Map<Double, String> ids = new TreeMap<>();
            for (double drift : List.of(0.2, 0.28, 0.3, 0.35)) {
                JsonPath answer = Api.decide(Facts.of(sample, "default", service, Map.of("driftScore", drift)));
                ids.put(drift, answer.getString("decisionId"));
                recorded.put(answer.getString("decisionId"), Outcome.of(answer));
            }
            for (Map.Entry<Double, String> id : ids.entrySet()) {
                boolean between = id.getKey() > 0.25 && id.getKey() <= 0.3;
                expectedAfter.put(id.getValue(), between ? ids.get(0.35) : id.getValue());
                if (between && !recorded.get(id.getValue()).equals(recorded.get(ids.get(0.35)))) {
                    expectedChanged.add(id.getValue());
                }
            }
        }
        Instant to = Instant.now();
        long lastSeq = lastRecordSeq();

        JsonPath whatIf = whatIf("classification", version, "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}", 200);

        assertEquals(recorded.size(), whatIf.getInt("evaluated"));
        assertEquals(0, whatIf.getInt("skipped"));
        assertFalse(whatIf.getBoolean("truncated"));
        assertTrue(expectedChanged.size() >= 3, "the samples are chosen so that several decisions change: " + expectedChanged);
        assertEquals(expectedChanged, new HashSet<>(whatIf.getList("decisions.decisionId", String.class)));
        assertEquals(expectedChanged.size(), whatIf.getInt("changed.any"));
        Map<String, Map<String, Integer>> matrix = new TreeMap<>();
        recorded.forEach((id, before) -> matrix.computeIfAbsent(before.severity(), s -> new TreeMap<>())
                .merge(recorded.get(expectedAfter.get(id)).severity(), 1, Integer::sum));
        assertEquals(matrix, new TreeMap<>(whatIf.getMap("severityMatrix")));
        long severityChanges = expectedChanged.stream().filter(id -> !recorded.get(id).severity()
                .equals(recorded.get(expectedAfter.get(id)).severity())).count();
        assertEquals(severityChanges, whatIf.getInt("changed.severity"));
        for (String id : expectedChanged) {
            String path = "decisions.find { it.decisionId == '" + id + "' }";
            assertEquals(recorded.get(id), Outcome.of(whatIf.getMap(path + ".before")), id);
            assertEquals(recorded.get(expectedAfter.get(id)), Outcome.of(whatIf.getMap(path + ".after")), id);
            assertEquals(service, whatIf.getString(path + ".service"));
        }
        Map<String, Integer> draftHits = whatIf.getMap("rowHits.draft", String.class, Integer.class);
        Map<String, Integer> publishedHits = whatIf.getMap("rowHits.published", String.class, Integer.class);
        assertTrue(draftHits.get(DRIFT_ROW) > publishedHits.getOrDefault(DRIFT_ROW, 0),
                "the drift row of incidentType fires more often with 0.25: " + whatIf.getMap("rowHits"));
        assertEquals(lastSeq, lastRecordSeq(), "a what-if records nothing");
    }

    @Test
    void aVersionThatChangesNoRowChangesNoDecision() {
        int version = draft("classification", classification() + "<!-- reformatted, same tables -->\n", "no change");
        Instant from = Instant.now();
        String service = Api.uniqueService("what-if-same");
        List<String> samples = Samples.names();
        samples.forEach(sample -> Api.decide(Facts.of(sample, "default", service, Map.of())));

        JsonPath whatIf = whatIf("classification", version, "{\"from\": \"" + from + "\", \"limit\": 10000}", 200);

        assertEquals(samples.size(), whatIf.getInt("evaluated"));
        assertEquals(0, whatIf.getInt("changed.any"));
        assertEquals(List.of(), whatIf.getList("decisions"));
        assertEquals(whatIf.getMap("rowHits.published"), whatIf.getMap("rowHits.draft"));
        assertEquals(whatIf.getList("neverFired.published"), whatIf.getList("neverFired.draft"));
        whatIf.getMap("severityMatrix").forEach((before, after) ->
                assertEquals(Set.of(before), ((Map<?, ?>) after).keySet(), "only the diagonal: " + whatIf.getMap("severityMatrix")));
    }

    @Test
    void theLimitCutsTheWindowAtItsOldestDecisions() {
        Instant from = Instant.now();
        String service = Api.uniqueService("what-if-limit");
        for (int i = 0; i < 3; i++) {
            Api.decide(Facts.of("data-drift-retrain", "default", service, Map.of()));
        }
        JsonPath whatIf = whatIf("severity", 1, "{\"from\": \"" + from + "\", \"limit\": 2}", 200);
        assertEquals(2, whatIf.getInt("evaluated"));
        assertTrue(whatIf.getBoolean("truncated"));
    }

    @Test
    void badFromToOrLimitIsRefusedNamingTheField() {
        Map<String, String> bodies = Map.of(
                "{\"from\": \"yesterday\"}", "from",
                "{\"to\": \"2026-13-01T00:00:00Z\"}", "to",
                "{\"from\": \"2026-01-02T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"}", "to",
                "{\"limit\": 0}", "limit",
                "{\"limit\": 10001}", "limit",
                "{\"limit\": \"many\"}", "limit",
                "{\"limit\": 2.5}", "limit",
                "{\"limits\": 5}", "limits",
                "[1]", "$");
        bodies.forEach((body, field) -> given().header("X-API-Key", TestKeys.AUDITOR).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/models/classification/versions/1/what-if")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field)));
    }

    @Test
    void unknownVersionOrModelIsNotFound() {
        whatIf("classification", 99999, "{}", 404);
        given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/no-such-model/versions/1/what-if")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aModelThatMapsAlertsIsNotReplayedAndSaysWhy() {
        given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/models/alert-routing/versions/1/what-if")
                .then().statusCode(200)
                .body("evaluated", equalTo(0))
                .body("note", containsString("sample report"));
    }

    /** 100 decisions of varied facts, each decided again from its audit record, are the recorded decisions. */
    @Test
    void replayIsExact() throws IOException {
        Instant from = Instant.now();
        String service = Api.uniqueService("replay");
        Set<String> ids = new HashSet<>();
        for (String facts : variedFacts(service, 100)) {
            ids.add(Api.decide(facts).getString("decisionId"));
        }
        List<RecordedDecision> recorded = new ArrayList<>();
        long afterSeq = 0;
        for (Replay.Batch batch; (batch = replay.recorded(from, Instant.now(), afterSeq, 40)).read() > 0; afterSeq = batch.lastSeq()) {
            batch.decisions().stream().filter(d -> ids.contains(d.decisionId())).forEach(recorded::add);
        }
        assertEquals(100, recorded.size());
        for (RecordedDecision decision : recorded) {
            JsonNode asRecorded = json.readTree(given().when().get("/api/v1/decisions/" + decision.decisionId())
                    .then().statusCode(200).extract().asString()).path("record").path("decision");
            // As DecideIncident records it: through a tree, whose numbers drop trailing zeros (10 is written 1E+1).
            JsonNode replayed = json.readTree(json.writeValueAsString(json.valueToTree(replay.replay(decision))));
            assertEquals(withoutIdAndTime(asRecorded), withoutIdAndTime(replayed),
                    decision.decisionId() + " on " + decision.facts().values());
        }
    }

    /** Every sample, then samples with their numbers scaled, a flag turned over and another environment. */
    private static List<String> variedFacts(String service, int count) throws IOException {
        ObjectMapper plain = new ObjectMapper();
        Random random = new Random(12);
        List<String> samples = Samples.names();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; bodies.size() < count; i++) {
            ObjectNode facts = (ObjectNode) plain.readTree(Facts.of(samples.get(i % samples.size()), "default", service, Map.of()));
            if (i >= samples.size()) {
                vary(facts, random);
            }
            bodies.add(plain.writeValueAsString(facts));
        }
        return bodies;
    }

    private static void vary(ObjectNode facts, Random random) {
        List<String> environments = List.of("production", "staging", "development");
        facts.put("environment", environments.get(random.nextInt(environments.size())));
        BigDecimal factor = List.of(new BigDecimal("0.5"), new BigDecimal("0.9"), new BigDecimal("1.1"), new BigDecimal("2"))
                .get(random.nextInt(4));
        for (Iterator<Map.Entry<String, JsonNode>> it = facts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> fact = it.next();
            if (fact.getValue().isNumber() && !"exitCode".equals(fact.getKey())) {
                BigDecimal scaled = fact.getValue().decimalValue().multiply(factor);
                if ("batchSize".equals(fact.getKey())) {
                    scaled = scaled.setScale(0, RoundingMode.HALF_UP);
                } else if (fact.getKey().endsWith("Rate") || fact.getKey().endsWith("Utilization")
                        || fact.getKey().equals("driftScore") || fact.getKey().equals("accuracyDrop")) {
                    scaled = scaled.min(BigDecimal.ONE);
                }
                fact.setValue(facts.numberNode(scaled));
            }
        }
        List<String> flags = List.of("productionOutage", "userImpact", "customerFacing", "trafficNormal", "oomKilled", "memoryGrowing");
        String flag = flags.get(random.nextInt(flags.size()));
        facts.put(flag, !facts.path(flag).asBoolean(false));
    }

    private static JsonNode withoutIdAndTime(JsonNode decision) {
        ObjectNode copy = decision.deepCopy();
        copy.remove(List.of("decisionId", "evaluatedAt"));
        return copy;
    }

    /** The parts of a decision the what-if compares, from an answer or from the what-if's own before/after. */
    private record Outcome(String severity, String incidentType, List<String> actions, List<String> escalation) {

        static Outcome of(JsonPath answer) {
            return of(answer.getMap(""));
        }

        @SuppressWarnings("unchecked")
        static Outcome of(Map<String, Object> decision) {
            List<String> actions = new ArrayList<>();
            for (Map<String, Object> action : (List<Map<String, Object>>) decision.get("actions")) {
                Object target = action.get("target");
                actions.add(action.get("type") + " " + (target instanceof Map<?, ?> t ? t.get("namespace") + "/" + t.get("name") : target));
            }
            List<String> escalation = new ArrayList<>();
            for (Map<String, Object> step : (List<Map<String, Object>>) decision.get("escalation")) {
                escalation.add(step.get("contact") + " " + step.get("channel") + " " + step.get("afterMinutes"));
            }
            return new Outcome((String) decision.get("severity"), (String) decision.get("incidentType"), actions, escalation);
        }
    }

    private static String classification() {
        try {
            return Files.readString(Path.of("dmn", "classification.dmn"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int draft(String model, String xml, String reason) {
        return given().header("X-API-Key", TestKeys.EDITOR).contentType("application/xml").body(xml)
                .queryParam("reason", reason)
                .when().post("/api/v1/models/" + model + "/versions")
                .then().statusCode(201).body("validation.valid", equalTo(true))
                .extract().jsonPath().getInt("version.version");
    }

    private static JsonPath whatIf(String model, int version, String body, int status) {
        return given().header("X-API-Key", TestKeys.EDITOR).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/models/" + model + "/versions/" + version + "/what-if")
                .then().statusCode(status).extract().jsonPath();
    }

    private static long lastRecordSeq() {
        return given().header("X-API-Key", TestKeys.AUDITOR).when().get("/api/v1/audit/records?limit=1")
                .then().statusCode(200).extract().jsonPath().getLong("items[0].seq");
    }
}
