package dev.runbook.decisions.decide;

import java.util.List;

import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * An alert turned into incident facts, with what was left out and why ({@code warnings}) and the alert-routing rows
 * that matched; or, when no incident can be made of it, {@code facts} null and the {@code rejection} reason.
 */
public record MappedAlert(IncidentFacts facts, List<String> warnings, List<Explanation> routing, String rejection) {
}
