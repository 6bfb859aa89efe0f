package dev.runbook.decisions.decide;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.audit.AuditLog;
import dev.runbook.decisions.audit.AuditQueries;
import dev.runbook.decisions.audit.AuditStep;
import dev.runbook.decisions.audit.DecisionEntry;
import dev.runbook.decisions.audit.Hashing;
import dev.runbook.decisions.audit.Receipt;

/**
 * Decides and records: the decision is returned only once its audit record, and the incident it opens or updates,
 * are committed. A store failure therefore means no answer, never an answer without a record. An event that was
 * already handled (same event key) is answered with the decision recorded the first time.
 */
@ApplicationScoped
public class IncidentDecisions {

    private final DecisionService decisions;
    private final ModelRegistry registry;
    private final AuditLog auditLog;
    private final AuditQueries queries;
    private final ObjectMapper json;

    public IncidentDecisions(DecisionService decisions, ModelRegistry registry, AuditLog auditLog, AuditQueries queries,
                             ObjectMapper json) {
        this.decisions = decisions;
        this.registry = registry;
        this.auditLog = auditLog;
        this.queries = queries;
        this.json = json;
    }

    /** {@code received} is the request body exactly as it arrived; {@code caller} the principal or source. */
    public Decision decide(byte[] received, IncidentFacts facts, String caller) {
        Prepared prepared = prepare(new String(received, StandardCharsets.UTF_8), facts, caller, List.of());
        return prepared.decision().withIncident(auditLog.recordDecision(prepared.entry()));
    }

    /** The decision for one event ({@code eventKey}): decided once, however often the event is delivered. */
    public Decision decideOnce(byte[] received, IncidentFacts facts, String caller, String eventKey) {
        Receipt earlier = auditLog.receiptOf(eventKey);
        if (earlier != null) {
            return recorded(earlier);
        }
        Prepared prepared = prepare(new String(received, StandardCharsets.UTF_8), facts, caller, List.of());
        Receipt receipt = auditLog.apply(List.of(new AuditStep.Decide(prepared.entry(), eventKey))).get(0);
        return receipt.recordId().equals(prepared.decision().decisionId())
                ? prepared.decision().withIncident(receipt.incident()) : recorded(receipt);
    }

    /** Decides, explained with {@code routing} first, and prepares its audit entry; nothing is recorded yet. */
    public Prepared prepare(String received, IncidentFacts facts, String caller, List<Explanation> routing) {
        long start = System.nanoTime();
        Decision decision = decisions.decide(facts).explainedFirstBy(routing);
        long micros = (System.nanoTime() - start) / 1_000;
        ObjectNode content = json.createObjectNode();
        content.put("factsReceived", received);
        content.set("facts", json.valueToTree(facts.values()));
        content.set("decision", json.valueToTree(decision));
        content.set("models", json.valueToTree(registry.modelRefs()));
        content.put("evaluationMicros", micros);
        return new Prepared(decision, new DecisionEntry(decision.decisionId(), caller, dedupKey(facts, decision),
                facts.service(), (String) facts.values().get("namespace"), decision.incidentType(), decision.severity(),
                planHash(decision), content));
    }

    /** The decision as the audit log holds it, with the incident it landed on. */
    private Decision recorded(Receipt receipt) {
        JsonNode record = queries.decision(receipt.recordId()).record();
        return json.convertValue(record.get("decision"), Decision.class).withIncident(receipt.incident());
    }

    /** The caller's dedupKey, else service + namespace + incident type. */
    private static String dedupKey(IncidentFacts facts, Decision decision) {
        Object given = facts.values().get("dedupKey");
        return given != null ? given.toString()
                : facts.service() + "/" + facts.values().get("namespace") + "/" + decision.incidentType();
    }

    /** What the plan is, without the prose: actions and escalation steps. */
    private String planHash(Decision decision) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("actions", decision.actions().stream()
                .map(a -> List.of(a.type(), a.target(), a.params())).toList());
        plan.put("escalation", decision.escalation());
        try {
            return Hashing.sha256(json.writeValueAsString(plan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A decision and the audit entry that will record it. */
    public record Prepared(Decision decision, DecisionEntry entry) {
    }
}
