package dev.runbook.decisions.act;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.Facts;
import dev.runbook.decisions.support.LoopbackReceiver;
import dev.runbook.decisions.support.ReceivingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The escalation plan as timed steps, driven by the clock the test chooses: {@link Escalations#fireDue} is what the
 * timer calls with the current time. Pages go to PagerDuty and Slack messages to Slack, both a loopback receiver.
 */
@QuarkusTest
class EscalationTest extends ReceivingTest {

    @Inject
    Escalations escalations;

    @Test
    void pagesAtTheirMinutesAndAcknowledgementStopsThePagingHereAndInPagerDuty() {
        String key = UUID.randomUUID().toString();
        JsonPath decision = execute("high-error-rate-p1-out-of-memory", key, Map.of());
        String incident = decision.getString("incident.id");
        Instant opened = dueAt(incident, 0);
        assertEquals(List.of("PAGE", "PAGE", "PAGE"), steps(incident).getList("escalation.channel"));
        assertEquals(List.of(0L, 5L, 15L), steps(incident).getList("escalation.dueAt", String.class).stream()
                .map(due -> Duration.between(opened, Instant.parse(due)).toMinutes()).toList());

        escalations.fireDue(opened);
        assertEquals(List.of("test-routing-ml-ops"), pagesOf(incident));
        escalations.fireDue(opened.plus(Duration.ofMinutes(5)).minusSeconds(1));
        assertEquals(1, pagesOf(incident).size(), "nothing before minute 5");
        escalations.fireDue(opened.plus(Duration.ofMinutes(5)));
        assertEquals(List.of("test-routing-ml-ops", "test-routing-tech-lead"), pagesOf(incident), "one evaluation: not improving");

        given().contentType(ContentType.JSON).body("{\"note\":\"on it\"}").post("/api/v1/incidents/" + incident + "/acknowledge")
                .then().statusCode(200);
        escalations.fireDue(opened.plus(Duration.ofMinutes(20)));
        assertEquals(2, pagesOf(incident).size(), "the VP is not paged once someone acknowledged");
        assertEquals(List.of("test-routing-ml-ops", "test-routing-tech-lead"), pagerDutyEvents(incident, "acknowledge").stream()
                .sorted().toList(), "PagerDuty's own incident is acknowledged for each role paged");
        given().post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200);
        given().post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200);
        assertEquals(2, pagerDutyEvents(incident, "resolve").size(), "resolved once per role, however often resolved");
        JsonPath view = steps(incident);
        assertEquals(List.of("FIRED", "FIRED", "CANCELLED"), view.getList("escalation.status"));
        assertTrue(view.getList("timeline.note").contains("PAGE_ACKNOWLEDGE TECH_LEAD: delivered (HTTP 200)"));
        assertEquals(2, view.getList("timeline.kind").stream().filter("ESCALATION_FIRED"::equals).count());
        assertEquals(2, view.getList("timeline.kind").stream().filter("PAGE_RESOLVE"::equals).count());
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "runbook_escalation_steps_total{channel=\"PAGE\",role=\"TECH_LEAD\",status=\"FIRED\"}"));
    }

    @Test
    void anImprovingIncidentSkipsTheNotImprovingPage() {
        String key = UUID.randomUUID().toString();
        String incident = execute("high-error-rate-p1-out-of-memory", key, Map.of()).getString("incident.id");
        execute("high-error-rate-p1-out-of-memory", key, Map.of("errorRate", 0.105));
        Instant opened = dueAt(incident, 0);
        escalations.fireDue(opened.plus(Duration.ofMinutes(5)));
        assertEquals(List.of("test-routing-ml-ops"), pagesOf(incident));
        JsonPath view = steps(incident);
        assertEquals("SKIPPED", view.getString("escalation[1].status"));
        assertEquals("improving: the error rate fell by 10 % or more since the previous evaluation",
                view.getString("escalation[1].outcome.reason"));
    }

    @Test
    void resolutionStopsEverything() {
        String incident = execute("out-of-memory-oomkilled", UUID.randomUUID().toString(), Map.of()).getString("incident.id");
        Instant opened = dueAt(incident, 0);
        escalations.fireDue(opened);
        given().post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200);
        escalations.fireDue(opened.plus(Duration.ofMinutes(60)));
        assertEquals(1, slackOf(incident).size());
        assertEquals(List.of("FIRED", "CANCELLED", "CANCELLED"), steps(incident).getList("escalation.status"));
    }

    @Test
    void aRepeatingUpdateFiresEveryPeriodUntilResolved() {
        String incident = execute("out-of-memory-oomkilled", UUID.randomUUID().toString(), Map.of()).getString("incident.id");
        Instant opened = dueAt(incident, 0);
        escalations.fireDue(opened);
        given().post("/api/v1/incidents/" + incident + "/acknowledge").then().statusCode(200);
        escalations.fireDue(opened.plus(Duration.ofMinutes(15)));
        escalations.fireDue(opened.plus(Duration.ofMinutes(30)));
        given().post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200);
        escalations.fireDue(opened.plus(Duration.ofMinutes(45)));
        List<String> slack = slackOf(incident);
        assertEquals(3, slack.size(), slack.toString());
        assertTrue(slack.get(0).startsWith("@oncall-ml "), slack.get(0));
        assertTrue(slack.get(1).startsWith("@ml-tech-lead ") && slack.get(2).startsWith("@ml-tech-lead "), slack.toString());
        assertEquals(List.of("FIRED", "CANCELLED", "FIRED", "FIRED", "CANCELLED"), steps(incident).getList("escalation.status"));
    }

    @Test
    void aHigherSeverityReplacesThePlan() {
        String key = UUID.randomUUID().toString();
        String incident = execute("high-error-rate-p2-feature-error", key, Map.of()).getString("incident.id");
        JsonPath escalated = execute("high-error-rate-p2-feature-error", key, Map.of("errorRate", 0.15, "customerFacing", true));
        assertEquals("ESCALATED", escalated.getString("incident.change"));
        JsonPath view = steps(incident);
        assertEquals(List.of("REPLACED", "REPLACED", "REPLACED"), view.getList("escalation.findAll { it.decisionId != '"
                + escalated.getString("decisionId") + "' }.status"));
        assertEquals(List.of("SCHEDULED", "SCHEDULED", "SCHEDULED"), view.getList("escalation.findAll { it.decisionId == '"
                + escalated.getString("decisionId") + "' }.status"));
    }

    private static JsonPath execute(String sample, String dedupKey, Map<String, Object> more) {
        Map<String, Object> facts = new HashMap<>(more);
        facts.put("dedupKey", dedupKey);
        return given().contentType(ContentType.JSON).body(Facts.of(sample, "esc", "esc-" + dedupKey.substring(0, 8), facts))
                .post("/api/v1/decisions?mode=execute").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath steps(String incident) {
        return given().get("/api/v1/incidents/" + incident).then().statusCode(200).extract().jsonPath();
    }

    private static Instant dueAt(String incident, int step) {
        return Instant.parse(steps(incident).getString("escalation[" + step + "].dueAt"));
    }

    /** The routing keys of the pages whose dedup_key is the incident (so PagerDuty groups them), in order. */
    private static List<String> pagesOf(String incident) {
        return pagerDutyEvents(incident, "trigger");
    }

    private static List<String> pagerDutyEvents(String incident, String eventAction) {
        return receiver.received("/pagerduty").stream().map(LoopbackReceiver.Received::body)
                .filter(b -> b.contains("\"dedup_key\":\"" + incident + "\"") && b.contains("\"event_action\":\"" + eventAction + "\""))
                .map(b -> b.replaceAll(".*\"routing_key\":\"([^\"]+)\".*", "$1")).toList();
    }

    private static List<String> slackOf(String incident) {
        return receiver.received("/slack").stream().map(LoopbackReceiver.Received::body).filter(b -> b.contains(incident))
                .map(b -> b.replaceAll("^\\{\"text\":\"(.*)\"}$", "$1")).toList();
    }
}
