package dev.runbook.decisions.act;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where notifications and pages go, and how hard delivery tries (docs/executing-actions.md, "Configuration"). */
@ConfigMapping(prefix = "runbook.notify")
public interface NotifyConfig {

    /** Slack incoming webhook for NOTIFY actions and SLACK escalation steps. */
    Optional<URI> slackWebhookUrl();

    @WithDefault("https://events.pagerduty.com/v2/enqueue")
    URI pagerdutyUrl();

    /** PagerDuty Events v2 routing key per escalation role (ML_OPS_ENGINEER, TECH_LEAD, ...). */
    Map<String, String> pagerdutyRoutingKey();

    /** Generic webhook for every other notification (CREATE_TICKET, UPDATE_STATUS_PAGE, TICKET steps, ...). */
    Optional<URI> webhookUrl();

    /** json, or cloudevents (structured mode, type dev.runbook.action). */
    @WithDefault("json")
    String webhookFormat();

    /** Attempts per delivery, the first included; retried on 429, 5xx and network errors only. */
    @WithDefault("4")
    int maxAttempts();

    /** Wait before the second attempt; doubled before each further one. */
    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration timeout();
}
