package dev.runbook.decisions.act;

/** One outgoing integration (Slack, PagerDuty, a webhook): turns a notification into the request its API expects. */
public interface Notifier {

    /** The request to send; throws {@link ActionFailedException} when the integration is not configured. */
    OutgoingRequest request(Notification notification);
}
