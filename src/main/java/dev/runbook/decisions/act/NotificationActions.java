package dev.runbook.decisions.act;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.runbook.decisions.domain.ActionType;

/**
 * The notification actions of a plan and the messages of escalation steps: NOTIFY and SLACK go to Slack, PAGE to
 * PagerDuty, everything else (CREATE_TICKET, UPDATE_STATUS_PAGE, EMAIL_CUSTOMERS, SCHEDULE_POSTMORTEM, TICKET) to
 * the generic webhook. A dry run reports the request it would send and sends nothing.
 */
@ApplicationScoped
public class NotificationActions implements ActionExecutor {

    static final Set<ActionType> TYPES = EnumSet.of(ActionType.NOTIFY, ActionType.CREATE_TICKET,
            ActionType.UPDATE_STATUS_PAGE, ActionType.EMAIL_CUSTOMERS, ActionType.SCHEDULE_POSTMORTEM);

    private final SlackNotifier slack;
    private final PagerDutyPager pagerDuty;
    private final WebhookNotifier webhook;
    private final HttpDelivery delivery;

    public NotificationActions(SlackNotifier slack, PagerDutyPager pagerDuty, WebhookNotifier webhook, HttpDelivery delivery) {
        this.slack = slack;
        this.pagerDuty = pagerDuty;
        this.webhook = webhook;
        this.delivery = delivery;
    }

    @Override
    public boolean handles(ActionType type) {
        return TYPES.contains(type);
    }

    /** Checks the integration is configured; a message has no state to read before. */
    @Override
    public Inspection inspect(ActionRequest request) {
        OutgoingRequest outgoing = request(notification(request));
        return new Inspection(Map.of(), Map.of(), Map.of("to", outgoing.uri().getHost()));
    }

    @Override
    public Outcome run(ActionRequest request, boolean dryRun) {
        return send(notification(request), dryRun);
    }

    /** A sent message cannot be read back. */
    @Override
    public Map<String, Object> observe(ActionRequest request) {
        return null;
    }

    /** Sends (or with {@code dryRun} only shows) a notification through the integration its kind goes to. */
    public Outcome send(Notification notification, boolean dryRun) {
        OutgoingRequest outgoing;
        try {
            outgoing = request(notification);
        } catch (ActionFailedException e) {
            return Outcome.failed(e.getMessage());
        }
        if (dryRun) {
            return new Outcome(true, "dry run: would POST to " + outgoing.uri().getHost(),
                    Map.of("wouldSend", outgoing.body().masked()), List.of());
        }
        return delivery.send(outgoing);
    }

    private OutgoingRequest request(Notification notification) {
        Notifier notifier = switch (notification.kind()) {
            case "NOTIFY", "SLACK" -> slack;
            case "PAGE" -> pagerDuty;
            default -> webhook;
        };
        return notifier.request(notification);
    }

    private static Notification notification(ActionRequest request) {
        ActionRequest.IncidentContext incident = request.incident();
        Object channel = request.params().get("channel");
        return new Notification(request.type().name(), request.incidentId(), null, channel == null ? null : channel.toString(),
                incident.summary(), incident);
    }
}
