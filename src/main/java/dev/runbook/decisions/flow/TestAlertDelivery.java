package dev.runbook.decisions.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.runbook.decisions.decide.AlertRouting;
import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.DecisionService;
import dev.runbook.decisions.decide.MappedAlert;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.domain.ReceiptOutcome;
import dev.runbook.decisions.ingest.AlertDelivery;
import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.AlertSender;
import dev.runbook.decisions.ingest.BodyLimit;

/**
 * What a delivery would do, without doing it: the body is read and each firing alert routed exactly as
 * {@link TakeAlertDelivery} does (through the same {@link AlertReader}) and decided by the same models, but nothing is
 * recorded, not even a refused body, no incident is looked up or touched, and nothing is carried out.
 */
@ApplicationScoped
public class TestAlertDelivery {

    private final AlertReader reader;
    private final DecisionService decisions;
    private final ModelRegistry registry;

    public TestAlertDelivery(AlertReader reader, DecisionService decisions, ModelRegistry registry) {
        this.reader = reader;
        this.decisions = decisions;
        this.registry = registry;
    }

    /**
     * For the command line, without the service: the models compiled from the classpath, no store. A local file has no
     * body limit.
     */
    public static TestAlertDelivery standalone() {
        ModelRegistry registry = new ModelRegistry();
        return new TestAlertDelivery(new AlertReader(new AlertRouting(registry), new BodyLimit(Long.MAX_VALUE)),
                new DecisionService(registry), registry);
    }

    /** Refuses a body the webhook would refuse, with the same errors; otherwise answers every alert in order. */
    public AlertTest test(AlertSender sender, byte[] body) {
        AlertDelivery delivery = reader.read(sender, body);
        ModelSet models = registry.current();
        return new AlertTest(sender.path(), delivery.receiver(), delivery.groupKey(),
                delivery.events().stream().map(e -> test(models, e)).toList());
    }

    private AlertTest.Alert test(ModelSet models, AlertEvent event) {
        String alertname = event.labels().get("alertname");
        if (event.action() != AlertEvent.Action.FIRING) {
            ReceiptOutcome outcome = event.action() == AlertEvent.Action.RESOLVED ? ReceiptOutcome.RESOLVED : ReceiptOutcome.ACKNOWLEDGED;
            return new AlertTest.Alert(event.action(), outcome, alertname, event.dedupKey(), null, null, null, null,
                    null, null, null);
        }
        MappedAlert mapped = reader.map(models, event);
        if (mapped.facts() == null) {
            return new AlertTest.Alert(event.action(), ReceiptOutcome.REJECTED, alertname, event.dedupKey(), null,
                    mapped.serviceLabel(), null, mapped.routing(), mapped.warnings(), null, mapped.rejection());
        }
        Decision decision = decisions.decide(models, mapped.facts()).explainedFirstBy(mapped.routing());
        return new AlertTest.Alert(event.action(), ReceiptOutcome.DECIDED, alertname, event.dedupKey(),
                mapped.facts().service(), mapped.serviceLabel(), facts(mapped), mapped.routing(), mapped.warnings(),
                decision, null);
    }

    /** Every fact, those whose source is known first, in the order they were found; then the others by name. */
    private static List<AlertTest.Fact> facts(MappedAlert mapped) {
        Map<String, Object> values = new TreeMap<>(mapped.facts().values());
        List<AlertTest.Fact> facts = new ArrayList<>();
        Map<String, String> sources = mapped.factSources() == null ? Map.of() : mapped.factSources();
        sources.forEach((name, source) -> {
            if (values.containsKey(name)) {
                facts.add(new AlertTest.Fact(name, values.remove(name), source));
            }
        });
        values.forEach((name, value) -> facts.add(new AlertTest.Fact(name, value, null)));
        return facts;
    }
}
