package dev.runbook.decisions.act;

import java.net.URI;

/** An HTTP POST a notifier wants sent: where, with which content type, and the body Jackson writes as JSON. */
public record OutgoingRequest(URI uri, String contentType, Body body) {

    /** The JSON bodies the integrations accept, one record each, so a field name is spelled once. */
    public sealed interface Body permits SlackNotifier.Message, PagerDutyPager.Trigger, PagerDutyPager.FollowUp,
            WebhookNotifier.Message, WebhookNotifier.CloudEvent {

        /** The body as a dry run shows it: the same, with any secret it carries replaced. */
        default Body masked() {
            return this;
        }
    }
}
