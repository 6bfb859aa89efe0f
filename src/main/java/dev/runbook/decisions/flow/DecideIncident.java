package dev.runbook.decisions.flow;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import dev.runbook.decisions.act.ActionRequest;
import dev.runbook.decisions.act.ActionRunner;
import dev.runbook.decisions.act.PlanRun;
import dev.runbook.decisions.audit.AuditLog;
import dev.runbook.decisions.audit.AuditQueries;
import dev.runbook.decisions.audit.AuditStep;
import dev.runbook.decisions.audit.DecisionEntry;
import dev.runbook.decisions.audit.OpenContent;
import dev.runbook.decisions.audit.Receipt;
import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.DecisionService;
import dev.runbook.decisions.decide.Explanation;
import dev.runbook.decisions.decide.ModelMemo;
import dev.runbook.decisions.decide.ModelRegistry;
import dev.runbook.decisions.decide.ModelSet.ModelRef;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.domain.Hashing;
import dev.runbook.decisions.domain.Mode;
import dev.runbook.decisions.flow.FlowMetrics.Entry;
import dev.runbook.decisions.flow.FlowMetrics.Stage;
import dev.runbook.decisions.ingest.CloudEventParser;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.IncidentFacts;
import dev.runbook.decisions.store.PlannedStep;

/**
 * Decides, records, then carries out: the decision is returned only once its audit record, and the incident it opens
 * or updates, are committed, and its plan has run in the requested mode. A store failure therefore means no answer,
 * never an answer without a record. An event that was already handled (same event key) is answered with the
 * decision recorded the first time. A recorded decision is handed to the running shadows, which never change it.
 */
@ApplicationScoped
public class DecideIncident {

    private final DecisionService decisions;
    private final ModelRegistry registry;
    private final AuditLog auditLog;
    private final AuditQueries queries;
    private final ActionRunner runner;
    private final ShadowRuns shadows;
    private final ObjectMapper json;
    private final ObjectMapper recordJson;
    private final FlowMetrics metrics;

    public DecideIncident(DecisionService decisions, ModelRegistry registry, AuditLog auditLog, AuditQueries queries,
                          ActionRunner runner, ShadowRuns shadows, ObjectMapper json, FlowMetrics metrics) {
        this.metrics = metrics;
        this.runner = runner;
        this.shadows = shadows;
        this.decisions = decisions;
        this.registry = registry;
        this.auditLog = auditLog;
        this.queries = queries;
        this.json = json;
        this.recordJson = recordMapper(json);
    }

    /**
     * {@code received} is the request body exactly as it arrived, incident facts as JSON; {@code caller} the principal
     * or source. The plan is carried out in {@code mode} once the decision is recorded. Each stage is timed.
     */
    public DecisionAnswer decide(byte[] received, String caller, Mode mode) {
        long start = System.nanoTime();
        IncidentFacts facts = metrics.stage(Entry.DECISION, Stage.PARSE, () -> FactsParser.parse(received));
        ModelSet models = registry.current();
        Prepared prepared = metrics.stage(Entry.DECISION, Stage.DECIDE, () -> prepare(models,
                new String(received, StandardCharsets.UTF_8), facts, caller, List.of(), null, mode, ModelMemo.NONE));
        DecisionAnswer answer = new DecisionAnswer(prepared.decision(), prepared.text(),
                metrics.stage(Entry.DECISION, Stage.RECORD, () -> auditLog.recordDecision(prepared.entry())), null);
        metrics.decided(prepared.decision());
        shadows.observe(models, prepared.decision(), facts);
        DecisionAnswer done = metrics.stage(Entry.DECISION, Stage.ACT, () -> carryOut(answer, facts, caller, mode));
        metrics.answered(Entry.DECISION, start);
        return done;
    }

    /**
     * The decision for one event, a CloudEvent whose data {@code parse} reads: decided once, however often the event
     * is delivered. A redelivery is answered with the recorded decision and carries nothing out again.
     */
    public DecisionAnswer decideOnce(Supplier<CloudEventParser.FactsEvent> parse, String caller, Mode mode) {
        long start = System.nanoTime();
        CloudEventParser.FactsEvent event = metrics.stage(Entry.DECISION, Stage.PARSE, parse);
        Receipt earlier = auditLog.receiptOf(event.eventKey());
        if (earlier != null) {
            DecisionAnswer answer = recorded(earlier);
            metrics.answered(Entry.DECISION, start);
            return answer;
        }
        ModelSet models = registry.current();
        IncidentFacts facts = event.facts();
        Prepared prepared = metrics.stage(Entry.DECISION, Stage.DECIDE, () -> prepare(models,
                new String(event.received(), StandardCharsets.UTF_8), facts, caller, List.of(), null, mode,
                ModelMemo.NONE));
        Receipt receipt = metrics.stage(Entry.DECISION, Stage.RECORD,
                () -> auditLog.apply(List.of(new AuditStep.Decide(prepared.entry(), event.eventKey()))).get(0));
        if (!receipt.recordId().equals(prepared.decision().decisionId())) {
            DecisionAnswer answer = recorded(receipt);
            metrics.answered(Entry.DECISION, start);
            return answer;
        }
        metrics.decided(prepared.decision());
        shadows.observe(models, prepared.decision(), facts);
        DecisionAnswer done = metrics.stage(Entry.DECISION, Stage.ACT,
                () -> carryOut(new DecisionAnswer(prepared.decision(), prepared.text(), receipt.incident(), null),
                        facts, caller, mode));
        metrics.answered(Entry.DECISION, start);
        return done;
    }

    /** Runs a recorded decision's plan in {@code mode}: nothing when advising. */
    public DecisionAnswer carryOut(DecisionAnswer answer, IncidentFacts facts, String caller, Mode mode) {
        if (mode == Mode.ADVISE || answer.incident() == null) {
            return answer;
        }
        Decision decision = answer.decision();
        String summary = "[" + decision.severity() + "] " + decision.incidentType() + " on " + facts.values().get("namespace")
                + "/" + facts.service() + (facts.values().get("summary") == null ? "" : ": " + facts.values().get("summary"));
        ActionRequest.IncidentContext context = new ActionRequest.IncidentContext(facts.service(), decision.severity(),
                decision.incidentType(), summary);
        return answer.withExecution(runner.run(new PlanRun(answer.incident().id(), decision.decisionId(), mode, caller,
                context, decision.actions())));
    }

    /**
     * Decides, explained with {@code routing} first, and prepares its audit entry; nothing is recorded yet. In execute
     * mode the entry carries the escalation plan, to be scheduled on the incident. {@code serviceLabel} is the alert
     * label the service came from (null when the caller named it). Only {@code models} decide, and the record names
     * their versions; {@code memo} answers a model that already ran on the same inputs (an earlier alert of the delivery).
     */
    public Prepared prepare(ModelSet models, String received, IncidentFacts facts, String caller, List<Explanation> routing,
                            String serviceLabel, Mode mode, ModelMemo memo) {
        long start = System.nanoTime();
        Decision decision = decisions.decide(models, facts, memo).explainedFirstBy(routing);
        long micros = (System.nanoTime() - start) / 1_000;
        DecisionText text = DecisionText.write(recordJson, decision);
        OpenContent content = recordContent(recordJson, received, facts.values(), serviceLabel, text.record(),
                models.modelRefs(), micros);
        return new Prepared(decision, text, new DecisionEntry(decision.decisionId(), caller, dedupKey(facts, decision),
                facts.service(), (String) facts.values().get("namespace"), decision.incidentType(), decision.severity(),
                planHash(decision), content, mode == Mode.EXECUTE ? escalationPlan(decision) : null, serviceLabel));
    }

    private static List<PlannedStep> escalationPlan(Decision decision) {
        return decision.escalation().stream().map(s -> new PlannedStep(s.role(), s.contact(), s.channel(),
                s.afterMinutes() == null ? 0 : s.afterMinutes(), s.condition(), s.repeatEveryMinutes())).toList();
    }

    /** The decision as the audit log holds it, with the incident it landed on. */
    private DecisionAnswer recorded(Receipt receipt) {
        JsonNode record = queries.decision(receipt.recordId()).record();
        return new DecisionAnswer(json.convertValue(record.get("decision"), Decision.class), null, receipt.incident(), null);
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

    /**
     * What a DECISION record holds (the audit log adds the incident), in the order it has always been written: the facts
     * as received and normalised, the alert label the service came from (when there is one), the decision, the models
     * that decided and the evaluation's time. The decision goes in as its text, written once for the record and the
     * answer ({@link DecisionText}), as a piece of its own rather than copied into the rest.
     */
    static OpenContent recordContent(ObjectMapper recordJson, String received, Map<String, Object> facts, String serviceLabel,
                                     String decision, List<ModelRef> models, long evaluationMicros) {
        StringWriter text = new StringWriter(received.length() * 2 + 512);
        try (JsonGenerator out = recordJson.createGenerator(text)) {
            // Left open: the audit log closes the object once it knows the incident.
            out.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            out.writeStartObject();
            out.writeStringField("factsReceived", received);
            out.writeFieldName("facts");
            recordJson.writeValue(out, facts);
            if (serviceLabel != null) {
                out.writeStringField("serviceLabel", serviceLabel);
            }
            out.writeFieldName("decision");
            out.writeRawValue("");
            out.flush();
            String beforeDecision = text.toString();
            text.getBuffer().setLength(0);
            out.writeFieldName("models");
            recordJson.writeValue(out, models);
            out.writeNumberField("evaluationMicros", evaluationMicros);
            out.flush();
            return new OpenContent(List.of(beforeDecision, decision, text.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The service's mapper, writing exact numbers as a JSON tree of it would (trailing zeros stripped: 10 as 1E+1,
     * 1.40 as 1.4). Records were written through such trees; serialising straight to text skips the tree and keeps
     * every byte of the record as it was.
     */
    static ObjectMapper recordMapper(ObjectMapper json) {
        return json.copy().registerModule(new SimpleModule("record-numbers").addSerializer(BigDecimal.class,
                new StdSerializer<>(BigDecimal.class) {
                    @Override
                    public void serialize(BigDecimal value, JsonGenerator out, SerializerProvider provider) throws IOException {
                        DecisionText.writeRecordNumber(value, out);
                    }
                }));
    }

    /** A decision, its text (shared by its record and its answer) and the audit entry that will record it. */
    public record Prepared(Decision decision, DecisionText text, DecisionEntry entry) {
    }
}
