package dev.runbook.decisions.act;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;

/**
 * PagerDuty Events API v2: a trigger with the role's routing key and the incident id as dedup_key, so every page of
 * one incident lands on one PagerDuty incident; acknowledging or resolving ours acknowledges or resolves that one.
 */
@ApplicationScoped
public class PagerDutyPager implements Notifier {

    /** Shown in a dry run instead of the routing key, which lets anyone who holds it page the role. */
    static final String MASKED_KEY = "****";

    private static final Map<Severity, String> SEVERITIES = Map.of(Severity.P1, "critical", Severity.P2, "error",
            Severity.P3, "warning", Severity.P4, "info");

    /** An Events API v2 trigger event. */
    public record Trigger(@JsonProperty("routing_key") String routingKey, @JsonProperty("event_action") String eventAction,
                          @JsonProperty("dedup_key") String dedupKey, Payload payload) implements OutgoingRequest.Body {
        @Override
        public Trigger masked() {
            return new Trigger(MASKED_KEY, eventAction, dedupKey, payload);
        }
    }

    /** What the trigger is about; {@code class} is PagerDuty's word for the kind of event, our incident type. */
    public record Payload(String summary, String source, String severity, String component,
                          @JsonProperty("class") IncidentType eventClass,
                          @JsonProperty("custom_details") CustomDetails customDetails) {
    }

    public record CustomDetails(String role, String incidentId) {
    }

    /** An acknowledge or resolve event: no payload, the trigger's routing key and dedup_key name the incident. */
    public record FollowUp(@JsonProperty("routing_key") String routingKey, @JsonProperty("event_action") String eventAction,
                           @JsonProperty("dedup_key") String dedupKey) implements OutgoingRequest.Body {
        @Override
        public FollowUp masked() {
            return new FollowUp(MASKED_KEY, eventAction, dedupKey);
        }
    }

    private final NotifyConfig config;

    public PagerDutyPager(NotifyConfig config) {
        this.config = config;
    }

    @Override
    public OutgoingRequest request(Notification notification) {
        ActionRequest.IncidentContext incident = notification.incident();
        return new OutgoingRequest(config.pagerdutyUrl(), "application/json", new Trigger(
                routingKey(notification.role()), "trigger", notification.incidentId(),
                new Payload(notification.text(), incident.service(), SEVERITIES.getOrDefault(incident.severity(), "error"),
                        incident.service(), incident.incidentType(),
                        new CustomDetails(notification.role(), notification.incidentId()))));
    }

    /** acknowledge or resolve the PagerDuty incident the role's pages opened (same routing key, same dedup_key). */
    public OutgoingRequest followUp(String incidentId, String role, String eventAction) {
        return new OutgoingRequest(config.pagerdutyUrl(), "application/json",
                new FollowUp(routingKey(role), eventAction, incidentId));
    }

    private String routingKey(String role) {
        String routingKey = config.pagerdutyRoutingKey().get(role);
        if (routingKey == null) {
            throw new ActionFailedException("no PagerDuty routing key for " + role + " (runbook.notify.pagerduty-routing-key." + role + ")");
        }
        return routingKey;
    }
}
