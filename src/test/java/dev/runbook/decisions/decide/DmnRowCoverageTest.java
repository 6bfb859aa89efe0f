package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.ingest.AlertDelivery;
import dev.runbook.decisions.ingest.AlertEvent;
import dev.runbook.decisions.ingest.AlertmanagerParser;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.PagerDutyParser;
import dev.runbook.decisions.support.Samples;

/**
 * Every row of every DMN decision table is matched by at least one sample of samples/ (incidents, alerts, improvement). Together with
 * SampleDecisionsTest, which asserts each sample's whole decision, every row is hit by a test asserting its output.
 */
class DmnRowCoverageTest {

    @Test
    void samplesMatchEveryDecisionTableRow() throws IOException {
        ModelRegistry registry = new ModelRegistry();
        DecisionService service = new DecisionService(registry);
        Set<String> matched = new TreeSet<>();
        for (String sample : Samples.names()) {
            service.decide(FactsParser.parse(Samples.facts(sample))).explanation().stream()
                    .filter(e -> e.kind() == Explanation.Kind.DMN_ROW)
                    .forEach(e -> matched.add(e.model() + ":" + e.decision() + "#" + e.row()));
        }
        AlertRouting alerts = new AlertRouting(registry);
        for (AlertDelivery delivery : alertSamples()) {
            delivery.events().stream().filter(e -> e.action() == AlertEvent.Action.FIRING).map(alerts::map)
                    .forEach(mapped -> mapped.routing().forEach(e -> matched.add(e.model() + ":" + e.decision() + "#" + e.row())));
        }
        for (Path sample : ImprovementModelTest.samples()) {
            ImprovementModelTest.rowsOf(sample).forEach(e -> matched.add(e.model() + ":" + e.decision() + "#" + e.row()));
        }
        Set<String> all = new TreeSet<>();
        registry.current().dmnModels().forEach(m -> m.tableRows().forEach(row -> all.add(m.name() + ":" + row)));
        assertTrue(all.containsAll(Set.of("escalation:contactFor#4", "action-catalogue:propertiesOf#11", "severity:baseSeverity#6")),
                "business knowledge model tables count too: " + all);
        Set<String> missing = new TreeSet<>(all);
        missing.removeAll(matched);
        assertEquals(Set.of(), missing, "rows no sample matches");
    }

    /** The alert samples of samples/alertmanager, grafana and pagerduty, parsed as their endpoints parse them. */
    private static List<AlertDelivery> alertSamples() throws IOException {
        List<AlertDelivery> deliveries = new ArrayList<>();
        Map<String, Function<byte[], AlertDelivery>> parsers = Map.of("alertmanager", AlertmanagerParser::alertmanager,
                "grafana", AlertmanagerParser::grafana, "pagerduty", PagerDutyParser::parse);
        for (Map.Entry<String, Function<byte[], AlertDelivery>> parser : parsers.entrySet()) {
            try (Stream<Path> files = Files.list(Samples.DIR.resolve(parser.getKey()))) {
                for (Path file : files.sorted().toList()) {
                    deliveries.add(parser.getValue().apply(Files.readAllBytes(file)));
                }
            }
        }
        return deliveries;
    }
}
