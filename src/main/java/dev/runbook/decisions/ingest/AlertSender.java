package dev.runbook.decisions.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/** The alerting systems whose own payloads the service reads, each named as in its endpoint's path. */
public enum AlertSender {
    ALERTMANAGER(AlertmanagerParser::alertmanager),
    GRAFANA(AlertmanagerParser::grafana),
    PAGERDUTY(PagerDutyParser::parse);

    private final Function<byte[], AlertDelivery> parser;

    AlertSender(Function<byte[], AlertDelivery> parser) {
        this.parser = parser;
    }

    /** The sender's name in paths, receipts and records: {@code alertmanager}, {@code grafana}, {@code pagerduty}. */
    public String path() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the sender's body; a body it cannot use is refused with every offending field named. */
    public AlertDelivery parse(byte[] body) {
        return parser.apply(body);
    }

    public static Optional<AlertSender> named(String path) {
        return Arrays.stream(values()).filter(s -> s.path().equals(path)).findFirst();
    }

    /**
     * The sender whose shape the body has: a PagerDuty event has {@code event_action} or {@code routing_key}, a Grafana
     * notification {@code orgId} or {@code state} beside its alerts; anything else, even unreadable, is read as
     * Alertmanager's, whose parser then names what is wrong.
     */
    public static AlertSender detect(byte[] body) {
        JsonNode payload;
        try {
            payload = FactsParser.readObject(body);
        } catch (InvalidInputException e) {
            return ALERTMANAGER;
        }
        if (payload.has("event_action") || payload.has("routing_key")) {
            return PAGERDUTY;
        }
        return payload.has("orgId") || payload.has("state") ? GRAFANA : ALERTMANAGER;
    }
}
