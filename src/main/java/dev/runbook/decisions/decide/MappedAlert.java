package dev.runbook.decisions.decide;

import java.util.List;
import java.util.Map;

import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * An alert turned into incident facts, with what was left out and why ({@code warnings}) and the alert-routing rows
 * that matched; or, when no incident can be made of it, {@code facts} null and the {@code rejection} reason.
 * {@code serviceLabel} names the label the service came from (null if none did); {@code factSources} says, for each
 * fact in insertion order, where it came from: {@code label:<key>}, {@code annotation:<key>}, {@code value:<key>}
 * (Grafana values) or {@code routing:<model>#<row>}.
 */
public record MappedAlert(IncidentFacts facts, List<String> warnings, List<Explanation> routing, String rejection,
                          String serviceLabel, Map<String, String> factSources) {
}
