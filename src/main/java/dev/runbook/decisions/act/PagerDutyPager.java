package dev.runbook.decisions.act;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * PagerDuty Events API v2: a trigger with the role's routing key and the incident id as dedup_key, so every page of
 * one incident lands on one PagerDuty incident.
 */
@ApplicationScoped
public class PagerDutyPager implements Notifier {

    private static final Map<String, String> SEVERITIES = Map.of("P1", "critical", "P2", "error", "P3", "warning", "P4", "info");

    private final NotifyConfig config;

    public PagerDutyPager(NotifyConfig config) {
        this.config = config;
    }

    @Override
    public OutgoingRequest request(Notification notification) {
        String routingKey = config.pagerdutyRoutingKey().get(notification.role());
        if (routingKey == null) {
            throw new ActionFailedException("no PagerDuty routing key for " + notification.role()
                    + " (runbook.notify.pagerduty-routing-key." + notification.role() + ")");
        }
        ActionRequest.IncidentContext incident = notification.incident();
        return new OutgoingRequest(config.pagerdutyUrl(), "application/json", Map.of(
                "routing_key", routingKey,
                "event_action", "trigger",
                "dedup_key", notification.incidentId(),
                "payload", Map.of("summary", notification.text(), "source", incident.service(),
                        "severity", SEVERITIES.getOrDefault(incident.severity(), "error"),
                        "component", incident.service(), "class", incident.incidentType(),
                        "custom_details", Map.of("role", notification.role(), "incidentId", notification.incidentId()))));
    }
}
