package dev.runbook.decisions.decide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.audit.AuditLog;
import dev.runbook.decisions.audit.Hashing;
import dev.runbook.decisions.audit.Receipt;
import dev.runbook.decisions.ingest.AlertDelivery;
import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.AlertFactMapper;
import dev.runbook.decisions.ingest.InvalidInputException;
import dev.runbook.decisions.ingest.MappedAlert;
import dev.runbook.decisions.ingest.PagerDutyParser;
import dev.runbook.decisions.ingest.PayloadTooLargeException;

/**
 * Alert deliveries in, receipts out. Whatever cannot be used is still recorded (a rejected delivery keeps its raw
 * body), one decision is made per firing alert, resolved and acknowledged alerts move their incident, and a
 * redelivered alert is answered with the receipt of its first delivery.
 */
@ApplicationScoped
public class AlertIntake {

    /** A rejected body is kept up to this size: enough to see what a sender got wrong, never a storage sink. */
    static final int REJECTED_BODY_KEPT = 64 * 1024;
    /** PagerDuty routing keys are credentials: masked even in a body that is not valid JSON. */
    private static final Pattern ROUTING_KEY = Pattern.compile("(\"routing_key\"\\s*:\\s*)\"[^\"]*\"");

    private final AlertFactMapper mapper;
    private final IncidentDecisions decisions;
    private final AuditLog auditLog;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public AlertIntake(AlertFactMapper mapper, IncidentDecisions decisions, AuditLog auditLog, ObjectMapper json,
                       @ConfigProperty(name = "runbook.ingest.max-body-bytes") long maxBodyBytes) {
        this.mapper = mapper;
        this.decisions = decisions;
        this.auditLog = auditLog;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Enforces the body limit on any endpoint that takes a body. */
    public void checkSize(byte[] body) {
        if (body != null && body.length > maxBodyBytes) {
            throw new PayloadTooLargeException(body.length, maxBodyBytes);
        }
    }

    /** Parses a sender's body; a body that is too large or cannot be parsed is recorded as rejected, then refused. */
    public AlertDelivery parse(String endpoint, byte[] body, String caller, Function<byte[], AlertDelivery> parser) {
        try {
            checkSize(body);
            return parser.apply(body);
        } catch (InvalidInputException e) {
            reject(endpoint, body, caller, e.getMessage(), e.errors().stream().map(f -> f.field() + " " + f.message()).toList());
            throw e;
        } catch (PayloadTooLargeException e) {
            reject(endpoint, body, caller, e.getMessage(), List.of());
            throw e;
        }
    }

    public List<Receipt> handle(AlertDelivery delivery, String caller) {
        List<Receipt> receipts = new ArrayList<>();
        for (AlertEvent event : delivery.events()) {
            Receipt earlier = auditLog.receiptOf(event.eventKey());
            receipts.add(earlier != null ? earlier : handle(event, caller));
        }
        return receipts;
    }

    private Receipt handle(AlertEvent event, String caller) {
        return switch (event.action()) {
            case AlertEvent.RESOLVED -> auditLog.transitionByKey(event.dedupKey(), "RESOLVED", caller,
                    "resolved by " + event.source(), event.eventKey());
            case AlertEvent.ACKNOWLEDGED -> auditLog.transitionByKey(event.dedupKey(), "ACKNOWLEDGED", caller,
                    "acknowledged in " + event.source(), event.eventKey());
            default -> fire(event, caller);
        };
    }

    private Receipt fire(AlertEvent event, String caller) {
        MappedAlert mapped;
        try {
            mapped = mapper.map(event);
        } catch (InvalidInputException e) {
            mapped = new MappedAlert(null, List.of(), List.of(), e.errors().toString());
        }
        if (mapped.facts() == null) {
            ObjectNode content = json.createObjectNode().put("source", event.source()).put("reason", mapped.rejection());
            content.set("alert", event.received());
            return auditLog.recordRejected("REJECTED_ALERT", caller, content, event.eventKey(), mapped.rejection())
                    .withWarnings(mapped.warnings());
        }
        return decisions.record(event.received().toString(), mapped.facts(), caller, event.eventKey(), mapped.routing())
                .receipt().withWarnings(mapped.warnings());
    }

    private void reject(String endpoint, byte[] body, String caller, String reason, List<String> errors) {
        byte[] raw = body == null ? new byte[0] : body;
        byte[] kept = raw.length > REJECTED_BODY_KEPT ? Arrays.copyOf(raw, REJECTED_BODY_KEPT) : raw;
        ObjectNode content = json.createObjectNode().put("endpoint", endpoint).put("reason", reason)
                .put("bytes", raw.length).put("sha256", Hashing.sha256(raw)).put("truncated", kept.length < raw.length)
                .put("body", ROUTING_KEY.matcher(new String(kept, StandardCharsets.UTF_8)).replaceAll("$1\"" + PagerDutyParser.MASK + "\""));
        content.set("errors", json.valueToTree(errors));
        auditLog.recordRejected("REJECTED_DELIVERY", caller, content, null, reason);
    }
}
