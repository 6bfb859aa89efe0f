package dev.runbook.decisions.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;
import dev.runbook.decisions.support.LoopbackReceiver;

/**
 * Notifications against a real HTTP server on loopback that answers 200, 429, 500 and 400 as scripted: what is
 * retried, how long it waits, what each integration sends, and that every attempt is reported.
 */
class NotificationDeliveryTest {

    private static final Duration BACKOFF = Duration.ofMillis(80);
    private static final ActionRequest.IncidentContext INCIDENT = new ActionRequest.IncidentContext("ml-model-api", Severity.P1,
            IncidentType.HIGH_ERROR_RATE, "[P1] HIGH_ERROR_RATE on default/ml-model-api");

    private final ObjectMapper json = new ObjectMapper();
    private LoopbackReceiver receiver;
    private NotificationActions notifications;

    @BeforeEach
    void start() {
        receiver = LoopbackReceiver.startOnAnyPort();
        NotifyConfig config = config(receiver);
        notifications = new NotificationActions(new SlackNotifier(config), new PagerDutyPager(config),
                new WebhookNotifier(config), new HttpDelivery(config, json));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void deliveredAtOnceOn200() {
        ActionExecutor.Outcome outcome = notifications.send(slack(), false);
        assertTrue(outcome.succeeded(), outcome.message());
        assertEquals(1, outcome.attempts().size());
        assertEquals(200, outcome.attempts().get(0).status());
    }

    @Test
    void retries429And500WithGrowingBackoffThenDelivers() {
        receiver.answer(429, 500, 200);
        ActionExecutor.Outcome outcome = notifications.send(slack(), false);
        assertTrue(outcome.succeeded(), outcome.message());
        assertEquals(List.of(429, 500, 200), outcome.attempts().stream().map(ActionExecutor.Attempt::status).toList());
        List<LoopbackReceiver.Received> received = receiver.received("/slack");
        assertEquals(3, received.size());
        Duration first = Duration.between(received.get(0).at(), received.get(1).at());
        Duration second = Duration.between(received.get(1).at(), received.get(2).at());
        assertTrue(first.compareTo(BACKOFF) >= 0, "waited " + first + " before the second attempt");
        assertTrue(second.compareTo(BACKOFF.multipliedBy(2)) >= 0, "waited " + second + " before the third attempt");
        assertEquals(received.get(0).body(), received.get(2).body(), "a retry sends the same message");
    }

    @Test
    void a400IsFinalAndNotRetried() {
        receiver.answer(400, 200);
        ActionExecutor.Outcome outcome = notifications.send(slack(), false);
        assertFalse(outcome.succeeded());
        assertEquals(1, outcome.attempts().size());
        assertEquals(400, outcome.attempts().get(0).status());
        assertTrue(outcome.message().contains("HTTP 400"), outcome.message());
        assertEquals(1, receiver.received().size());
    }

    @Test
    void givesUpAfterTheConfiguredAttempts() {
        receiver.answer(500, 503, 502, 200);
        ActionExecutor.Outcome outcome = notifications.send(slack(), false);
        assertFalse(outcome.succeeded());
        assertEquals(3, outcome.attempts().size());
        assertTrue(outcome.message().startsWith("not delivered after 3 attempt(s)"), outcome.message());
    }

    @Test
    void networkErrorsAreRetriedAndRecorded() {
        receiver.close();
        ActionExecutor.Outcome outcome = notifications.send(slack(), false);
        assertFalse(outcome.succeeded());
        assertEquals(3, outcome.attempts().size());
        assertEquals(0, outcome.attempts().get(0).status());
        assertTrue(outcome.attempts().get(0).error().contains("ConnectException"), outcome.attempts().get(0).error());
    }

    @Test
    void pagerDutyPageUsesTheRolesRoutingKeyAndTheIncidentAsDedupKey() throws Exception {
        notifications.send(new Notification("PAGE", "incident-42", "TECH_LEAD", "@ml-tech-lead", "page text", INCIDENT), false);
        notifications.send(new Notification("PAGE", "incident-42", "VP_ENGINEERING", "@vp", "page text", INCIDENT), false);
        List<LoopbackReceiver.Received> pages = receiver.received("/pagerduty");
        JsonNode first = json.readTree(pages.get(0).body());
        assertEquals("routing-tech-lead", first.get("routing_key").asText());
        assertEquals("trigger", first.get("event_action").asText());
        assertEquals("incident-42", first.get("dedup_key").asText());
        assertEquals("critical", first.at("/payload/severity").asText());
        assertEquals("ml-model-api", first.at("/payload/source").asText());
        assertEquals("incident-42", json.readTree(pages.get(1).body()).get("dedup_key").asText(), "one PagerDuty incident");
        assertEquals("routing-vp", json.readTree(pages.get(1).body()).get("routing_key").asText());
    }

    @Test
    void aRoleWithoutRoutingKeyFailsWithoutSending() {
        ActionExecutor.Outcome outcome = notifications.send(new Notification("PAGE", "i", "DATABASE_ADMIN", null, "x", INCIDENT), false);
        assertFalse(outcome.succeeded());
        assertTrue(outcome.message().contains("runbook.notify.pagerduty-routing-key.DATABASE_ADMIN"), outcome.message());
        assertEquals(List.of(), receiver.received());
    }

    @Test
    void dryRunShowsTheMessageWithTheRoutingKeyMaskedAndSendsNothing() {
        ActionExecutor.Outcome outcome = notifications.send(new Notification("PAGE", "i", "TECH_LEAD", null, "x", INCIDENT), true);
        assertTrue(outcome.succeeded());
        assertEquals("****", json.valueToTree(outcome.after()).at("/wouldSend/routing_key").asText());
        assertEquals(List.of(), receiver.received());
    }

    @Test
    void ticketsGoToTheWebhookAsJson() throws Exception {
        notifications.send(new Notification("CREATE_TICKET", "incident-7", null, null, "ticket text", INCIDENT), false);
        LoopbackReceiver.Received ticket = receiver.received("/webhook").get(0);
        assertEquals("application/json", ticket.contentType());
        JsonNode body = json.readTree(ticket.body());
        assertEquals("CREATE_TICKET", body.get("kind").asText());
        assertEquals("incident-7", body.get("incidentId").asText());
    }

    @Test
    void eachIntegrationSendsTheFieldsItsApiNames() throws Exception {
        NotifyConfig config = config(receiver);
        Notification page = new Notification("PAGE", "incident-42", "TECH_LEAD", "@ml-tech-lead", "page text", INCIDENT);
        assertEquals("{\"text\":\"@ml-tech-lead page text\"}", wire(new SlackNotifier(config).request(page)));
        assertEquals(json.readTree("""
                {"routing_key":"routing-tech-lead","event_action":"trigger","dedup_key":"incident-42",
                 "payload":{"summary":"page text","source":"ml-model-api","severity":"critical","component":"ml-model-api",
                            "class":"HIGH_ERROR_RATE","custom_details":{"role":"TECH_LEAD","incidentId":"incident-42"}}}"""),
                json.readTree(wire(new PagerDutyPager(config).request(page))));
        assertEquals(json.readTree("""
                {"routing_key":"routing-tech-lead","event_action":"acknowledge","dedup_key":"incident-42"}"""),
                json.readTree(wire(new PagerDutyPager(config).followUp("incident-42", "TECH_LEAD", "acknowledge"))));
        assertEquals("{\"kind\":\"CREATE_TICKET\",\"incidentId\":\"incident-7\",\"role\":null,\"contact\":null,"
                + "\"text\":\"ticket text\",\"service\":\"ml-model-api\",\"severity\":\"P1\",\"incidentType\":\"HIGH_ERROR_RATE\"}",
                wire(new WebhookNotifier(config).request(new Notification("CREATE_TICKET", "incident-7", null, null, "ticket text", INCIDENT))));
    }

    @Test
    void ticketsCanGoAsStructuredCloudEvents() throws Exception {
        NotifyConfig json = config(receiver);
        NotifyConfig cloudEvents = new NotifyConfig() {
            public Optional<URI> slackWebhookUrl() { return json.slackWebhookUrl(); }
            public URI pagerdutyUrl() { return json.pagerdutyUrl(); }
            public Map<String, String> pagerdutyRoutingKey() { return json.pagerdutyRoutingKey(); }
            public Optional<URI> webhookUrl() { return json.webhookUrl(); }
            public String webhookFormat() { return "cloudevents"; }
            public int maxAttempts() { return json.maxAttempts(); }
            public Duration initialBackoff() { return json.initialBackoff(); }
            public Duration timeout() { return json.timeout(); }
        };
        OutgoingRequest request = new WebhookNotifier(cloudEvents).request(
                new Notification("UPDATE_STATUS_PAGE", "incident-9", null, null, "status text", INCIDENT));
        assertEquals("application/cloudevents+json", request.contentType());
        JsonNode event = this.json.valueToTree(request.body());
        assertEquals("1.0", event.get("specversion").asText());
        assertEquals("dev.runbook.action.update_status_page", event.get("type").asText());
        assertEquals("/runbook-decisions/incidents/incident-9", event.get("source").asText());
        assertEquals("incident-9", event.at("/data/incidentId").asText());
        List<String> attributes = new ArrayList<>();
        event.fieldNames().forEachRemaining(attributes::add);
        assertEquals(List.of("specversion", "id", "source", "type", "time", "datacontenttype", "data"), attributes);
    }

    /** The body as HttpDelivery writes it on the wire. */
    private String wire(OutgoingRequest request) throws Exception {
        return json.writeValueAsString(request.body());
    }

    private static Notification slack() {
        return new Notification("NOTIFY", "incident-1", null, "#ml-ops-oncall", "[P1] HIGH_ERROR_RATE on default/ml-model-api", INCIDENT);
    }

    private static NotifyConfig config(LoopbackReceiver receiver) {
        return new NotifyConfig() {
            public Optional<URI> slackWebhookUrl() { return Optional.of(URI.create(receiver.url("/slack"))); }
            public URI pagerdutyUrl() { return URI.create(receiver.url("/pagerduty")); }
            public Map<String, String> pagerdutyRoutingKey() {
                return Map.of("TECH_LEAD", "routing-tech-lead", "VP_ENGINEERING", "routing-vp");
            }
            public Optional<URI> webhookUrl() { return Optional.of(URI.create(receiver.url("/webhook"))); }
            public String webhookFormat() { return "json"; }
            public int maxAttempts() { return 3; }
            public Duration initialBackoff() { return BACKOFF; }
            public Duration timeout() { return Duration.ofSeconds(2); }
        };
    }
}
