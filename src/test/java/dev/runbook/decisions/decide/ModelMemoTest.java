package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * Decisions of one delivery share their models' evaluations: a second incident that differs only in what no model
 * reads (the service) is decided from the first one's results, and decides exactly as it would alone. The action
 * catalogue's results are shared by every decision of one model set.
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

    @Test
    void theCatalogueIsEvaluatedOncePerInputForEveryDecisionOfASet() {
        ModelSet models = registry.current();
        DmnModel catalogue = models.required(ActionPlanner.CATALOGUE);
        Map<String, Object> scale = new HashMap<>(models.factModels().run(facts("svc-1").values()).context());
        scale.put("type", "SCALE");
        scale.put("section", "OUT_OF_MEMORY");
        scale.put("replicas", BigDecimal.valueOf(3));
        assertSame(catalogue.evaluate(scale, models.catalogueMemo()), catalogue.evaluate(scale, models.catalogueMemo()));
        assertNotSame(models.catalogueMemo(), models.with(catalogue).catalogueMemo(), "a new set starts with an empty memo");

        Decision first = decisions.decide(models, facts("svc-1"));
        Decision again = decisions.decide(models, facts("svc-1"));
        assertEquals(first.actions(), again.actions());
        assertEquals(first.explanation(), again.explanation());
    }

    @Test
    void aSharedMemoPastItsCapacityEvaluatesEveryTime() {
        ModelMemo memo = ModelMemo.sharedUpTo(1);
        DmnModel severity = registry.current().required("severity");
        Map<String, Object> low = Map.of("errorRate", new BigDecimal("0.001"));
        Map<String, Object> high = Map.of("errorRate", new BigDecimal("0.2"));
        assertSame(severity.evaluate(low, memo), severity.evaluate(low, memo));
        assertNotSame(severity.evaluate(high, memo), severity.evaluate(high, memo));
        assertEquals(severity.evaluate(high).decisions(), severity.evaluate(high, memo).decisions());
    }

    private static IncidentFacts facts(String service) {
        return FactsParser.parse(("{\"service\":\"" + service + "\",\"errorRate\":0.07,\"latencyP95Seconds\":1.4,"
                + "\"environment\":\"production\"}").getBytes(StandardCharsets.UTF_8));
    }
}
