package dev.runbook.decisions.act;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** Slack incoming webhook: a text message, the person or group to answer mentioned first. */
@ApplicationScoped
public class SlackNotifier implements Notifier {

    private final NotifyConfig config;

    public SlackNotifier(NotifyConfig config) {
        this.config = config;
    }

    @Override
    public OutgoingRequest request(Notification notification) {
        return new OutgoingRequest(config.slackWebhookUrl().orElseThrow(
                () -> new ActionFailedException("no Slack webhook configured (runbook.notify.slack-webhook-url)")),
                "application/json", Map.of("text", mention(notification.contact()) + notification.text()));
    }

    /** A person or group ("@ml-tech-lead") is mentioned; a channel is where the webhook already posts. */
    private static String mention(String contact) {
        return contact != null && contact.startsWith("@") ? contact + " " : "";
    }
}
