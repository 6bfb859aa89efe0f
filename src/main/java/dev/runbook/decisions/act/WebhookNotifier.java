package dev.runbook.decisions.act;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** The generic outgoing webhook for tickets, status pages and the rest: plain JSON, or a structured CloudEvent. */
@ApplicationScoped
public class WebhookNotifier implements Notifier {

    private final NotifyConfig config;

    public WebhookNotifier(NotifyConfig config) {
        this.config = config;
    }

    @Override
    public OutgoingRequest request(Notification notification) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", notification.kind());
        data.put("incidentId", notification.incidentId());
        data.put("role", notification.role());
        data.put("contact", notification.contact());
        data.put("text", notification.text());
        data.put("service", notification.incident().service());
        data.put("severity", notification.incident().severity());
        data.put("incidentType", notification.incident().incidentType());
        java.net.URI uri = config.webhookUrl().orElseThrow(
                () -> new ActionFailedException("no webhook configured (runbook.notify.webhook-url)"));
        if (!"cloudevents".equals(config.webhookFormat())) {
            return new OutgoingRequest(uri, "application/json", data);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/runbook-decisions/incidents/" + notification.incidentId());
        event.put("type", "dev.runbook.action." + notification.kind().toLowerCase(java.util.Locale.ROOT));
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        return new OutgoingRequest(uri, "application/cloudevents+json", event);
    }
}
