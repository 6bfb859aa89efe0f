package dev.runbook.decisions.flow;

import java.time.Instant;
import java.util.List;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.ingest.IncidentFacts;

/**
 * One audited decision as its record holds it: the normalised facts it was taken on, the model versions it names and
 * what it decided. {@code seq} places it in the audit chain.
 */
public record RecordedDecision(long seq, String decisionId, Instant decidedAt, IncidentFacts facts, List<ModelSet.ModelRef> models,
                               Decision decision) {
}
