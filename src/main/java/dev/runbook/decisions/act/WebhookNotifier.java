package dev.runbook.decisions.act;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Severity;

/** The generic outgoing webhook for tickets, status pages and the rest: plain JSON, or a structured CloudEvent. */
@ApplicationScoped
public class WebhookNotifier implements Notifier {

    /** The plain JSON body, and the CloudEvent's data: the notification and the incident it is about. */
    public record Message(String kind, String incidentId, String role, String contact, String text, String service,
                          Severity severity, IncidentType incidentType) implements OutgoingRequest.Body {
    }

    /** A CloudEvents 1.0 event in structured mode: the attributes and the message as data, in one JSON body. */
    public record CloudEvent(String specversion, String id, String source, String type, String time,
                             String datacontenttype, Message data) implements OutgoingRequest.Body {
    }

    private final NotifyConfig config;

    public WebhookNotifier(NotifyConfig config) {
        this.config = config;
    }

    @Override
    public OutgoingRequest request(Notification notification) {
        ActionRequest.IncidentContext incident = notification.incident();
        Message message = new Message(notification.kind(), notification.incidentId(), notification.role(),
                notification.contact(), notification.text(), incident.service(), incident.severity(), incident.incidentType());
        URI uri = config.webhookUrl().orElseThrow(
                () -> new ActionFailedException("no webhook configured (runbook.notify.webhook-url)"));
        if (!"cloudevents".equals(config.webhookFormat())) {
            return new OutgoingRequest(uri, "application/json", message);
        }
        return new OutgoingRequest(uri, "application/cloudevents+json", new CloudEvent("1.0", UUID.randomUUID().toString(),
                "/runbook-decisions/incidents/" + notification.incidentId(),
                "dev.runbook.action." + notification.kind().toLowerCase(Locale.ROOT), Instant.now().toString(),
                "application/json", message));
    }
}
