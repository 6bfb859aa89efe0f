package dev.runbook.decisions.flow;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.runbook.decisions.decide.AlertRouting;
import dev.runbook.decisions.decide.MappedAlert;
import dev.runbook.decisions.decide.ModelMemo;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.ingest.AlertDelivery;
import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.AlertSender;
import dev.runbook.decisions.ingest.BodyLimit;
import dev.runbook.decisions.ingest.InvalidInputException;

/**
 * How a sender's body becomes alerts and each firing alert facts, shared by taking a delivery and testing one so that
 * a test answers exactly what a delivery would do. Records nothing: what to do with a refusal is the caller's.
 */
@ApplicationScoped
public class AlertReader {

    private final AlertRouting routing;
    private final BodyLimit bodyLimit;

    public AlertReader(AlertRouting routing, BodyLimit bodyLimit) {
        this.routing = routing;
        this.bodyLimit = bodyLimit;
    }

    /** The sender's alerts; a body over the limit or that the sender's parser cannot use is refused. */
    public AlertDelivery read(AlertSender sender, byte[] body) {
        bodyLimit.check(body);
        return sender.parse(body);
    }

    /** A firing alert's facts, mapped with {@code models}, or the reason no incident can be made of it. */
    public MappedAlert map(ModelSet models, AlertEvent event) {
        return map(models, event, ModelMemo.NONE);
    }

    /** As {@link #map(ModelSet, AlertEvent)}, the routing models answered from {@code memo} when they already ran on the same inputs. */
    public MappedAlert map(ModelSet models, AlertEvent event, ModelMemo memo) {
        try {
            return routing.map(models, event, memo);
        } catch (InvalidInputException e) {
            return new MappedAlert(null, List.of(), List.of(), e.errors().toString(), null, Map.of());
        }
    }
}
