package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * Decisions of one delivery share their models' evaluations: a second incident that differs only in what no model
 * reads (the service) is decided from the first one's results, and decides exactly as it would alone.
 */
class ModelMemoTest {

    private static ModelRegistry registry;
    private static DecisionService decisions;

    @BeforeAll
    static void compile() {
        registry = new ModelRegistry();
        decisions = new DecisionService(registry);
    }

    @Test
    void aSecondServiceIsDecidedFromTheFirstOnesEvaluations() {
        ModelMemo memo = ModelMemo.forOneDelivery();
        ModelSet models = registry.current();
        decisions.decide(models, facts("svc-1"), memo);

        Decision shared = decisions.decide(models, facts("svc-2"), memo);
        Decision alone = decisions.decide(models, facts("svc-2"));

        assertEquals(alone.outcome(), shared.outcome());
        assertEquals(alone.explanation(), shared.explanation());
        assertEquals(alone.checklist(), shared.checklist());
        assertEquals(alone.recovery(), shared.recovery());
        assertEquals(alone.actions(), shared.actions());
        DmnModel severity = models.required("severity");
        assertSame(severity.evaluate(models.factModels().run(facts("svc-3").values()).context(), memo),
                severity.evaluate(models.factModels().run(facts("svc-4").values()).context(), memo));
    }

    @Test
    void otherInputsAreEvaluatedAgain() {
        ModelMemo memo = ModelMemo.forOneDelivery();
        ModelSet models = registry.current();
        Decision first = decisions.decide(models, facts("svc-1"), memo);

        IncidentFacts worse = FactsParser.parse("{\"service\":\"svc-2\",\"errorRate\":0.2,\"environment\":\"production\"}"
                .getBytes(StandardCharsets.UTF_8));
        Decision second = decisions.decide(models, worse, memo);
        assertNotEquals(first.severity(), second.severity());
        assertEquals(decisions.decide(models, worse).outcome(), second.outcome());
    }

    private static IncidentFacts facts(String service) {
        return FactsParser.parse(("{\"service\":\"" + service + "\",\"errorRate\":0.07,\"latencyP95Seconds\":1.4,"
                + "\"environment\":\"production\"}").getBytes(StandardCharsets.UTF_8));
    }
}
