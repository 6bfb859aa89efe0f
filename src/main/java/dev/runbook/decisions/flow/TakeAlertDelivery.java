package dev.runbook.decisions.flow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.act.ModeSettings;
import dev.runbook.decisions.audit.AuditLog;
import dev.runbook.decisions.audit.AuditStep;
import dev.runbook.decisions.audit.Receipt;
import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.MappedAlert;
import dev.runbook.decisions.decide.ModelMemo;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.domain.Hashing;
import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.Mode;
import dev.runbook.decisions.domain.ReceiptOutcome;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.flow.FlowMetrics.AlertOutcome;
import dev.runbook.decisions.flow.FlowMetrics.Entry;
import dev.runbook.decisions.flow.FlowMetrics.Stage;
import dev.runbook.decisions.ingest.AlertDelivery;
import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.AlertSender;
import dev.runbook.decisions.ingest.IncidentFacts;
import dev.runbook.decisions.ingest.InvalidInputException;
import dev.runbook.decisions.ingest.PagerDutyParser;
import dev.runbook.decisions.ingest.PayloadTooLargeException;

/**
 * Alert deliveries in, receipts out. Whatever cannot be used is still recorded (a rejected delivery keeps its raw
 * body), one decision is made per firing alert, resolved and acknowledged alerts move their incident, and a
 * redelivered alert is answered with the receipt of its first delivery.
 */
@ApplicationScoped
public class TakeAlertDelivery {

    private static final Logger LOG = Logger.getLogger(TakeAlertDelivery.class);
    /** A rejected body is kept up to this size: enough to see what a sender got wrong, never a storage sink. */
    static final int REJECTED_BODY_KEPT = 64 * 1024;
    /** PagerDuty routing keys are credentials: masked even in a body that is not valid JSON. */
    private static final Pattern ROUTING_KEY = Pattern.compile("(\"routing_key\"\\s*:\\s*)\"[^\"]*\"");

    private final AlertReader reader;
    private final DecideIncident decisions;
    private final AuditLog auditLog;
    private final ObjectMapper json;
    private final ModeSettings modes;
    private final IncidentLifecycle lifecycle;
    private final ModelRegistry registry;
    private final ShadowRuns shadows;
    private final FlowMetrics metrics;
    /**
     * Deliveries parsed and decided at once. A group of 100 alerts holds a few MB until it is recorded, so sixteen
     * senders at once filled the bounded heap and the collector ran back to back (bench/README.md); the deciding is
     * CPU-bound, so more at once than this would not finish sooner. A delivery beyond it waits its turn, body only.
     */
    private final Semaphore deliveriesAtOnce;

    public TakeAlertDelivery(AlertReader reader, DecideIncident decisions, AuditLog auditLog, ObjectMapper json,
                             ModeSettings modes, IncidentLifecycle lifecycle, ModelRegistry registry, ShadowRuns shadows,
                             FlowMetrics metrics,
                             @ConfigProperty(name = "runbook.ingest.deliveries-at-once") int deliveriesAtOnce) {
        this.deliveriesAtOnce = new Semaphore(deliveriesAtOnce, true);
        this.metrics = metrics;
        this.registry = registry;
        this.shadows = shadows;
        this.modes = modes;
        this.lifecycle = lifecycle;
        this.reader = reader;
        this.decisions = decisions;
        this.auditLog = auditLog;
        this.json = json;
    }

    /**
     * A sender's delivery, start to end: parsed (a body that is too large or cannot be parsed is recorded as rejected,
     * then refused), then handled in the mode configured for its receiver (the sender's name when it names none). Each
     * stage is timed and each alert counted by what became of it.
     */
    public Taken take(AlertSender sender, byte[] body, String caller) {
        long start = System.nanoTime();
        deliveriesAtOnce.acquireUninterruptibly();
        try {
            AlertDelivery delivery = metrics.stage(Entry.ALERT_DELIVERY, Stage.PARSE, () -> parse(sender, body, caller));
            List<Receipt> receipts = handle(sender, delivery, caller,
                    delivery.receiver() != null ? delivery.receiver() : sender.path());
            metrics.answered(Entry.ALERT_DELIVERY, start);
            return new Taken(delivery, receipts);
        } finally {
            deliveriesAtOnce.release();
        }
    }

    /** A delivery as parsed, and one receipt per alert in its order. */
    public record Taken(AlertDelivery delivery, List<Receipt> receipts) {
    }

    private AlertDelivery parse(AlertSender sender, byte[] body, String caller) {
        try {
            return reader.read(sender, body);
        } catch (InvalidInputException e) {
            reject(sender.path(), body, caller, e.getMessage(), e.errors().stream().map(f -> f.field() + " " + f.message()).toList());
            metrics.deliveryRejected(sender);
            throw e;
        } catch (PayloadTooLargeException e) {
            reject(sender.path(), body, caller, e.getMessage(), List.of());
            metrics.deliveryRejected(sender);
            throw e;
        }
    }

    /**
     * One receipt per alert, in order. Alerts already handled answer their first receipt; the others are decided (or
     * moved, or rejected) and recorded together in one transaction: a delivery is recorded whole or not at all. The
     * decisions' plans are then carried out in the mode configured for {@code receiver}, and incidents an alert
     * acknowledged or resolved have their PagerDuty pages followed up.
     */
    private List<Receipt> handle(AlertSender sender, AlertDelivery delivery, String caller, String receiver) {
        Mode mode = modes.forReceiver(receiver);
        Map<String, Receipt> earlier = auditLog.receiptsOf(delivery.events().stream().map(AlertEvent::eventKey).toList());
        List<AlertEvent> fresh = delivery.events().stream().filter(e -> !earlier.containsKey(e.eventKey())).toList();
        List<AuditStep> steps = new ArrayList<>();
        List<List<String>> warnings = new ArrayList<>();
        Map<String, Decided> decided = new HashMap<>();
        ModelSet models = registry.current();
        // Alerts of one group mostly differ only in what no model reads (the service): each model runs once per input.
        ModelMemo memo = ModelMemo.forOneDelivery();
        metrics.stage(Entry.ALERT_DELIVERY, Stage.DECIDE, () -> {
            for (AlertEvent event : fresh) {
                MappedAlert mapped = event.action() == AlertEvent.Action.FIRING ? reader.map(models, event, memo) : null;
                steps.add(step(models, event, mapped, caller, mode, decided, memo));
                warnings.add(mapped == null ? List.of() : mapped.warnings());
            }
            return steps;
        });
        List<Receipt> recorded = steps.isEmpty() ? List.of()
                : metrics.stage(Entry.ALERT_DELIVERY, Stage.RECORD, () -> auditLog.apply(steps));
        Map<String, Receipt> byEvent = new HashMap<>(earlier);
        for (int i = 0; i < fresh.size(); i++) {
            byEvent.putIfAbsent(fresh.get(i).eventKey(), recorded.get(i).withWarnings(warnings.get(i)));
        }
        count(sender, delivery, earlier, recorded, decided);
        metrics.stage(Entry.ALERT_DELIVERY, Stage.ACT, () -> {
            carryOut(models, recorded, decided, caller, mode);
            recorded.stream().filter(r -> r.incident() != null && r.outcome() != ReceiptOutcome.DECIDED)
                    .forEach(r -> lifecycle.followPages(r.incident().id(), r.incident().status()));
            return null;
        });
        return delivery.events().stream().map(e -> byEvent.get(e.eventKey())).toList();
    }

    /**
     * Counts each alert of the delivery once by what became of it, and each decision this delivery recorded. An alert
     * is a redelivery when an earlier delivery had handled it, when the same alert came earlier in this delivery, or
     * when another delivery recorded it first while this one was deciding (its receipt then names the other's record,
     * not one this delivery prepared).
     */
    private void count(AlertSender sender, AlertDelivery delivery, Map<String, Receipt> earlier, List<Receipt> recorded,
                       Map<String, Decided> decided) {
        delivery.events().stream().filter(e -> earlier.containsKey(e.eventKey()))
                .forEach(e -> metrics.alert(sender, AlertOutcome.DEDUPLICATED));
        Set<String> counted = new HashSet<>();
        for (Receipt receipt : recorded) {
            boolean first = receipt.recordId() == null || counted.add(receipt.recordId());
            boolean ours = first && (receipt.outcome() != ReceiptOutcome.DECIDED || decided.containsKey(receipt.recordId()));
            metrics.alert(sender, ours ? AlertOutcome.of(receipt.outcome()) : AlertOutcome.DEDUPLICATED);
            if (ours && receipt.outcome() == ReceiptOutcome.DECIDED) {
                metrics.decided(decided.get(receipt.recordId()).decision());
            }
        }
    }

    /**
     * Carries out the plans of the decisions this delivery recorded (and hands them to the running shadows). The
     * delivery is already recorded: a failure here is logged and the sender is still answered, and the next decision
     * of the incident runs what did not run.
     */
    private void carryOut(ModelSet models, List<Receipt> recorded, Map<String, Decided> decided, String caller, Mode mode) {
        for (Receipt receipt : recorded) {
            Decided fresh = receipt.recordId() == null ? null : decided.get(receipt.recordId());
            if (fresh == null) {
                continue;
            }
            shadows.observeAlert(models, fresh.decision(), fresh.facts(), fresh.event());
            try {
                decisions.carryOut(new DecisionAnswer(fresh.decision(), null, receipt.incident(), null), fresh.facts(), caller, mode);
            } catch (RuntimeException e) {
                LOG.warnf("Carrying out decision %s failed: %s", receipt.recordId(), e.getMessage());
            }
        }
    }

    private AuditStep step(ModelSet models, AlertEvent event, MappedAlert mapped, String caller, Mode mode,
                           Map<String, Decided> decided, ModelMemo memo) {
        return switch (event.action()) {
            case RESOLVED -> new AuditStep.Transition(event.dedupKey(), IncidentStatus.RESOLVED, caller,
                    "resolved by " + event.source(), event.eventKey());
            case ACKNOWLEDGED -> new AuditStep.Transition(event.dedupKey(), IncidentStatus.ACKNOWLEDGED, caller,
                    "acknowledged in " + event.source(), event.eventKey());
            default -> mapped.facts() == null ? rejectAlert(event, mapped, caller)
                    : decide(models, event, mapped, caller, mode, decided, memo);
        };
    }

    private AuditStep decide(ModelSet models, AlertEvent event, MappedAlert mapped, String caller, Mode mode,
                             Map<String, Decided> decided, ModelMemo memo) {
        DecideIncident.Prepared prepared = decisions.prepare(models, event.received().toString(), mapped.facts(), caller,
                mapped.routing(), mapped.serviceLabel(), mode, memo);
        decided.put(prepared.decision().decisionId(), new Decided(prepared.decision(), mapped.facts(), event));
        return new AuditStep.Decide(prepared.entry(), event.eventKey());
    }

    private record Decided(Decision decision, IncidentFacts facts, AlertEvent event) {
    }

    private AuditStep rejectAlert(AlertEvent event, MappedAlert mapped, String caller) {
        ObjectNode content = json.createObjectNode().put("source", event.source()).put("reason", mapped.rejection());
        content.set("alert", event.received());
        return new AuditStep.Reject(RecordKind.REJECTED_ALERT, caller, content, mapped.rejection(), event.eventKey());
    }

    private void reject(String endpoint, byte[] body, String caller, String reason, List<String> errors) {
        byte[] raw = body == null ? new byte[0] : body;
        byte[] kept = raw.length > REJECTED_BODY_KEPT ? Arrays.copyOf(raw, REJECTED_BODY_KEPT) : raw;
        ObjectNode content = json.createObjectNode().put("endpoint", endpoint).put("reason", reason)
                .put("bytes", raw.length).put("sha256", Hashing.sha256(raw)).put("truncated", kept.length < raw.length)
                .put("body", ROUTING_KEY.matcher(new String(kept, StandardCharsets.UTF_8)).replaceAll("$1\"" + PagerDutyParser.MASK + "\""));
        content.set("errors", json.valueToTree(errors));
        auditLog.apply(List.of(new AuditStep.Reject(RecordKind.REJECTED_DELIVERY, caller, content, reason, null)));
    }
}
