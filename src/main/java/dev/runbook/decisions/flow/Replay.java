package dev.runbook.decisions.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.audit.AuditQueries;
import dev.runbook.decisions.audit.StoredRecord;
import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.DecisionService;
import dev.runbook.decisions.decide.ModelSet;
import dev.runbook.decisions.ingest.FactsParser;
import dev.runbook.decisions.ingest.InvalidInputException;

/**
 * Audited decisions taken again from their records: the recorded normalised facts with exactly the model versions the
 * record names give the recorded decision (all but its id and time), which the what-if relies on. Only the facts are
 * decided again: the alert mapping that made them, when they came from an alert, is not part of a replay. Nothing is
 * recorded and nothing is carried out.
 */
@ApplicationScoped
public class Replay {

    private static final TypeReference<List<ModelSet.ModelRef>> MODEL_REFS = new TypeReference<>() { };

    private final AuditQueries queries;
    private final PublishedModels published;
    private final DecisionService decisions;
    private final ObjectMapper json;

    public Replay(AuditQueries queries, PublishedModels published, DecisionService decisions, ObjectMapper json) {
        this.queries = queries;
        this.published = published;
        this.decisions = decisions;
        this.json = json;
    }

    /**
     * Up to {@code limit} decisions recorded in [from, to) after sequence number {@code afterSeq}, oldest first. A record
     * whose facts today's schema refuses, or that names no models, is counted as unreadable rather than returned.
     */
    public Batch recorded(Instant from, Instant to, long afterSeq, int limit) {
        List<StoredRecord> records = queries.decisionsAfter(from, to, afterSeq, limit);
        List<RecordedDecision> readable = new ArrayList<>(records.size());
        for (StoredRecord record : records) {
            JsonNode body = record.record();
            if (!body.path("models").isArray() || !body.path("facts").isObject()) {
                continue;
            }
            try {
                readable.add(new RecordedDecision(record.seq(), record.id(), record.recordedAt(), FactsParser.fromJson(body.get("facts")),
                        json.convertValue(body.get("models"), MODEL_REFS), json.convertValue(body.get("decision"), Decision.class)));
            } catch (InvalidInputException | IllegalArgumentException e) {
                // facts of an older schema, or a decision of an older shape: counted as unreadable below
            }
        }
        return new Batch(readable, records.size() - readable.size(), records.isEmpty() ? afterSeq : records.get(records.size() - 1).seq(),
                records.size());
    }

    /** Decides {@code recorded}'s facts again with exactly the model versions its record names. */
    public Decision replay(RecordedDecision recorded) {
        return decisions.decide(published.setOf(recorded.models()), recorded.facts());
    }

    /** One batch of a window: the decisions that can be replayed, how many records could not be, and where to go on. */
    public record Batch(List<RecordedDecision> decisions, int unreadable, long lastSeq, int read) {
    }
}
