package dev.runbook.decisions.act;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.runbook.decisions.domain.Severity;

/**
 * PagerDuty Events API v2: a trigger with the role's routing key and the incident id as dedup_key, so every page of
 * one incident lands on one PagerDuty incident; acknowledging or resolving ours acknowledges or resolves that one.
 */
@ApplicationScoped
public class PagerDutyPager implements Notifier {

    private static final Map<Severity, String> SEVERITIES = Map.of(Severity.P1, "critical", Severity.P2, "error",
            Severity.P3, "warning", Severity.P4, "info");

    private final NotifyConfig config;

    public PagerDutyPager(NotifyConfig config) {
        this.config = config;
    }

    @Override
    public OutgoingRequest request(Notification notification) {
        String routingKey = routingKey(notification.role());
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

    /** acknowledge or resolve the PagerDuty incident the role's pages opened (same routing key, same dedup_key). */
    public OutgoingRequest followUp(String incidentId, String role, String eventAction) {
        return new OutgoingRequest(config.pagerdutyUrl(), "application/json",
                Map.of("routing_key", routingKey(role), "event_action", eventAction, "dedup_key", incidentId));
    }

    private String routingKey(String role) {
        String routingKey = config.pagerdutyRoutingKey().get(role);
        if (routingKey == null) {
            throw new ActionFailedException("no PagerDuty routing key for " + role + " (runbook.notify.pagerduty-routing-key." + role + ")");
        }
        return routingKey;
    }
}
