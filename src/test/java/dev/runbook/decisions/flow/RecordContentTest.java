package dev.runbook.decisions.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.Explanation;
import dev.runbook.decisions.decide.ModelSet.ModelRef;
import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ActionType;
import dev.runbook.decisions.domain.IncidentType;
import dev.runbook.decisions.domain.Risk;
import dev.runbook.decisions.domain.Severity;

/**
 * A DECISION record's content, serialised straight to text, is byte for byte what the JSON tree records were written
 * through gave: the records' text does not change with the cheaper path.
 */
class RecordContentTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void contentIsTheTextTheTreeGave() throws Exception {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("service", "svc-1");
        facts.put("errorRate", new BigDecimal("0.070"));
        facts.put("replicas", new BigDecimal("10"));
        facts.put("zero", new BigDecimal("0.00"));
        facts.put("customerFacing", true);
        facts.put("dedupKey", null);
        facts.put("count", 3L);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("replicas", new BigDecimal("5.0"));
        params.put("limitsMemory", "2Gi");
        params.put("threshold", 0.25d);
        params.put("nested", Map.of("n", new BigDecimal("1E+2")));
        Decision decision = new Decision("d-1", Instant.parse("2026-11-28T10:00:00.123456Z"), IncidentType.HIGH_ERROR_RATE,
                Severity.P2, 15, List.of(new Decision.EscalationStep("TECH_LEAD", "@lead", "PAGE", 5, "NOT_IMPROVING", null)),
                List.of(new Action(ActionType.SCALE, new Action.Target("Deployment", "default", "svc-1"), params, true, Risk.MEDIUM,
                        "| P2 | ├─ scale out │")),
                null, new Decision.Recovery(0.01, null, 30), null,
                List.of(Explanation.rule("rules/high-error-rate.drl", "Scale out", "├─ \"quoted\" ünïcode")));
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

            assertEquals(JSON.writeValueAsString(tree), DecideIncident.recordMapper(JSON).writeValueAsString(
                    new DecideIncident.RecordContent(received, facts, serviceLabel, decision, models, 1234L)));
        }
    }
}
