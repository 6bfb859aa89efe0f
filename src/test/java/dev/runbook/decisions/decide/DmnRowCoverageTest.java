package dev.runbook.decisions.decide;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.support.Samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every row of every DMN decision table is matched by at least one sample of samples/. Together with
 * SampleDecisionsTest, which asserts each sample's whole decision, every row is hit by a test asserting its output.
 */
class DmnRowCoverageTest {

    @Test
    void samplesMatchEveryDecisionTableRow() {
        ModelRegistry registry = new ModelRegistry();
        DecisionService service = new DecisionService(registry);
        Set<String> matched = new TreeSet<>();
        for (String sample : Samples.names()) {
            service.decide(FactsParser.parse(Samples.facts(sample))).explanation().stream()
                    .filter(e -> "DMN_ROW".equals(e.kind()))
                    .forEach(e -> matched.add(e.model() + ":" + e.decision() + "#" + e.row()));
        }
        Set<String> all = new TreeSet<>();
        registry.dmnModels().forEach(m -> m.tableRows().forEach(row -> all.add(m.name() + ":" + row)));
        assertTrue(all.containsAll(Set.of("escalation:contactFor#4", "action-catalogue:propertiesOf#11", "severity:baseSeverity#6")),
                "business knowledge model tables count too: " + all);
        Set<String> missing = new TreeSet<>(all);
        missing.removeAll(matched);
        assertEquals(Set.of(), missing, "rows no sample matches");
    }
}
