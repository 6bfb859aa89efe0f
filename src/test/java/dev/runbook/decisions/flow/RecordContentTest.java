package dev.runbook.decisions.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.act.ActionRun;
import dev.runbook.decisions.audit.IncidentRef;
import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.Explanation;
import dev.runbook.decisions.decide.ModelSet.ModelRef;
import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.domain.Severity;

/**
 * A DECISION record's content, serialised straight to text in pieces and closed by the audit log with its incident, is
 * byte for byte what the JSON tree records were written through gave: the records' text does not change with the
 * cheaper path.
 */
class RecordContentTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final IncidentRef INCIDENT = new IncidentRef("i-1", IncidentStatus.OPEN, "OPENED", null, null);

    @Test
    void contentIsTheTextTheTreeGave() throws Exception {
        Decision decision = decision();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("service", "svc-1");
        facts.put("errorRate", new BigDecimal("0.070"));
        facts.put("replicas", new BigDecimal("10"));
        facts.put("zero", new BigDecimal("0.00"));
        facts.put("customerFacing", true);
        facts.put("dedupKey", null);
        facts.put("count", 3L);
        List<ModelRef> models = List.of(new ModelRef("dmn/severity.dmn", "DMN", 3, "ab".repeat(32)));
        String received = "{\"service\":\"svc-1\",  \"errorRate\": 0.070}";

        for (String serviceLabel : new String[] {null, "app.kubernetes.io/name"}) {
            ObjectNode tree = JSON.createObjectNode();
            tree.put("factsReceived", received);
            tree.set("facts", JSON.valueToTree(facts));
            if (serviceLabel != null) {
                tree.put("serviceLabel", serviceLabel);
            }
            tree.set("decision", JSON.valueToTree(decision));
            tree.set("models", JSON.valueToTree(models));
            tree.put("evaluationMicros", 1234L);
            tree.set("incident", JSON.valueToTree(INCIDENT));

            DecisionText text = DecisionText.write(DecideIncident.recordMapper(JSON), decision);
            assertEquals(JSON.writeValueAsString(tree), DecideIncident.recordContent(DecideIncident.recordMapper(JSON),
                    received, facts, serviceLabel, text.record(), models, 1234L).closedWith("incident", JSON.writeValueAsString(INCIDENT)));
        }
    }

    /**
     * The answer's text of the decision, taken from the record's with the stripped numbers written back, is what the
     * service's mapper writes for the decision itself: sharing the serialisation changes no byte a client sees.
     */
    @Test
    void answerIsTheTextTheMapperGives() throws Exception {
        Decision decision = decision();
        DecisionText text = DecisionText.write(DecideIncident.recordMapper(JSON), decision);

        assertEquals(JSON.writeValueAsString(JSON.valueToTree(decision)), text.record());
        for (List<ActionRun> execution : Arrays.<List<ActionRun>>asList(null, List.of())) {
            for (IncidentRef ref : Arrays.asList(null, INCIDENT)) {
                assertEquals(JSON.writeValueAsString(new ViaTheDecision(decision, ref, execution)),
                        JSON.writeValueAsString(new DecisionAnswer(decision, text, ref, execution)));
                assertEquals(JSON.writeValueAsString(new ViaTheDecision(decision, ref, execution)),
                        JSON.writeValueAsString(new DecisionAnswer(decision, null, ref, execution)));
            }
        }
    }

    /** The answer's shape as it was written before it shared the record's text: the decision unwrapped, then the rest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record ViaTheDecision(@JsonUnwrapped Decision decision, IncidentRef incident, List<ActionRun> execution) {
    }

    /** Exact numbers with and without trailing zeros (as DMN gives action parameters), doubles, text to escape. */
    private static Decision decision() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("replicas", new BigDecimal("5.0"));
        params.put("limitsMemory", "2Gi");
        params.put("updateEveryMinutes", new BigDecimal("10"));
        params.put("zero", new BigDecimal("0.00"));
        params.put("threshold", 0.25d);
        params.put("nested", Map.of("n", new BigDecimal("1E+2")));
        return new Decision("d-1", Instant.parse("2026-11-28T10:00:00.123456Z"), IncidentType.HIGH_ERROR_RATE,
                Severity.P2, 15, List.of(new Decision.EscalationStep("TECH_LEAD", "@lead", "PAGE", 5, "NOT_IMPROVING", null)),
                List.of(new Action(ActionType.SCALE, new Action.Target("Deployment", "default", "svc-1"), params, true, Risk.MEDIUM,
                        "| P2 | ├─ scale out │")),
                null, new Decision.Recovery(0.01, null, 30), null,
                List.of(Explanation.rule("rules/high-error-rate.drl", "Scale out", "├─ \"quoted\" ünïcode")));
    }
}
