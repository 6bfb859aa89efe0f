package dev.runbook.decisions.act;

import jakarta.enterprise.context.ApplicationScoped;

/** Slack incoming webhook: a text message, the person or group to answer mentioned first. */
@ApplicationScoped
public class SlackNotifier implements Notifier {

    /** What an incoming webhook accepts at its simplest: the text to post. */
    public record Message(String text) implements OutgoingRequest.Body {
    }

    private final NotifyConfig config;

    public SlackNotifier(NotifyConfig config) {
        this.config = config;
    }

    @Override
    public OutgoingRequest request(Notification notification) {
        return new OutgoingRequest(config.slackWebhookUrl().orElseThrow(
                () -> new ActionFailedException("no Slack webhook configured (runbook.notify.slack-webhook-url)")),
                "application/json", new Message(mention(notification.contact()) + notification.text()));
    }

    /** A person or group ("@ml-tech-lead") is mentioned; a channel is where the webhook already posts. */
    private static String mention(String contact) {
        return contact != null && contact.startsWith("@") ? contact + " " : "";
    }
}
