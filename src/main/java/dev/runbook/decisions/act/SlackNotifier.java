package dev.runbook.decisions.act;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** Slack incoming webhook: a text message, the contact mentioned first. */
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
                "application/json", Map.of("text", (notification.contact() == null ? "" : notification.contact() + " ")
                        + notification.text()));
    }
}
