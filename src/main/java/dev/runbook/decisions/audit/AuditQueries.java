package dev.runbook.decisions.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.store.ActionRow;
import dev.runbook.decisions.store.ActionRows;
import dev.runbook.decisions.store.EscalationSteps;
import dev.runbook.decisions.store.Json;
import dev.runbook.decisions.store.NotFoundInStoreException;
import dev.runbook.decisions.store.Rows;
import dev.runbook.decisions.store.Store;

/** Reads the audit log and the incidents: listings newest first with cursors, single records, and streaming export. */
@ApplicationScoped
public class AuditQueries {

    private static final int EXPORT_FETCH_SIZE = 500;

    private final Store store;
    private final ObjectMapper json;
    private final ActionRows actions;
    private final EscalationSteps escalations;
    /** Reads numbers with a fraction as BigDecimal, digit for digit as written: the facts a decision was taken on. */
    private final ObjectReader exact;

    public AuditQueries(Store store, ObjectMapper json, ActionRows actions, EscalationSteps escalations) {
        this.store = store;
        this.json = json;
        this.exact = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.actions = actions;
        this.escalations = escalations;
    }

    public Page<DecisionSummary> decisions(DecisionQuery query) {
        Sql sql = new Sql("SELECT " + AuditRecord.COLUMNS + " FROM audit_record WHERE kind = '" + RecordKind.DECISION + "'")
                .and("service = ?", query.service()).and("severity = ?", query.severity() == null ? null : query.severity().name())
                .and("incident_type = ?", query.incidentType() == null ? null : query.incidentType().name()).and("recorded_at >= ?", Json.utc(query.from()))
                .and("recorded_at < ?", Json.utc(query.to())).and("seq < ?", query.beforeSeq());
        List<AuditRecord> rows = store.inTransaction(c -> sql.list(c, " ORDER BY seq DESC LIMIT " + (query.limit() + 1), AuditRecord::read));
        return Page.of(rows, query.limit(), AuditRecord::seq).map(DecisionSummary::of);
    }

    /**
     * Whole records read at once at most: each comes with its body as a JSON tree (a decision's is about 18 KB of text,
     * most of it the explanation's runbook quotes). 500 and 1,000 at once ran the service's 112 MiB heap out of memory
     * inside H2, which then closed its store (every request 503 until a restart; the 2026-12-07 benchmark's what-if, and
     * a page of 1,000 audit records). Reading more means paging, or the export, which streams.
     */
    public static final int MAX_WHOLE_RECORDS = 100;

    /** Every kind of record (decisions, lifecycle steps, rejected deliveries, purges), newest first. */
    public Page<StoredRecord> records(RecordKind kind, int limit, Long beforeSeq) {
        requireAtMostWhole(limit);
        Sql sql = new Sql("SELECT " + AuditRecord.COLUMNS + " FROM audit_record WHERE 1 = 1")
                .and("kind = ?", kind == null ? null : kind.name()).and("seq < ?", beforeSeq);
        List<AuditRecord> rows = store.inTransaction(c -> sql.list(c, " ORDER BY seq DESC LIMIT " + (limit + 1), AuditRecord::read));
        return Page.of(rows, limit, AuditRecord::seq).map(this::stored);
    }

    public StoredRecord decision(String id) {
        AuditRecord record = store.inTransaction(c -> new Sql("SELECT " + AuditRecord.COLUMNS + " FROM audit_record WHERE kind = '" + RecordKind.DECISION + "'")
                .and("id = ?", id).list(c, "", AuditRecord::read)).stream().findFirst()
                .orElseThrow(() -> new NotFoundInStoreException("decision", id));
        return stored(record);
    }

    /**
     * Up to {@code limit} decisions recorded in [from, to) after sequence number {@code afterSeq}, oldest first: a
     * replay reads a window in batches, each a short transaction. Numbers are read exactly as written (BigDecimal), so
     * the recorded facts decide again exactly as they did.
     */
    public List<StoredRecord> decisionsAfter(Instant from, Instant to, long afterSeq, int limit) {
        requireAtMostWhole(limit);
        Sql sql = new Sql("SELECT " + AuditRecord.COLUMNS + " FROM audit_record WHERE kind = '" + RecordKind.DECISION + "'")
                .and("recorded_at >= ?", Json.utc(from)).and("recorded_at < ?", Json.utc(to)).and("seq > ?", afterSeq);
        // "kind, seq" (kind is fixed) is the order of the index audit_record_kind_seq: H2 then reads the index in order and
        // stops at the limit; ordered by seq alone it reads the whole rest of the window for every batch.
        List<AuditRecord> rows = store.inTransaction(c -> sql.list(c, " ORDER BY kind, seq LIMIT " + limit, AuditRecord::read));
        return rows.stream().map(r -> new StoredRecord(r.seq(), r.id(), r.kind(), r.recordedAt(), r.caller(), r.incidentId(),
                r.prevHash(), r.hash(), readExact(r.body()))).toList();
    }

    private static void requireAtMostWhole(int limit) {
        if (limit > MAX_WHOLE_RECORDS) {
            throw new IllegalArgumentException(limit + " whole records asked at once; at most " + MAX_WHOLE_RECORDS);
        }
    }

    private JsonNode readExact(String body) {
        try {
            return exact.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams every decision recorded in [from, to) oldest first to {@code sink}, one row in memory at a time. */
    public void exportDecisions(Instant from, Instant to, RecordSink sink) {
        Sql sql = new Sql("SELECT " + AuditRecord.COLUMNS + " FROM audit_record WHERE kind = '" + RecordKind.DECISION + "'")
                .and("recorded_at >= ?", Json.utc(from)).and("recorded_at < ?", Json.utc(to));
        store.inTransaction(c -> {
            try (PreparedStatement select = sql.prepare(c, " ORDER BY seq")) {
                select.setFetchSize(EXPORT_FETCH_SIZE);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        write(sink, stored(AuditRecord.read(rs)));
                    }
                }
            }
            return null;
        });
    }

    private static void write(RecordSink sink, StoredRecord record) {
        try {
            sink.accept(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Receives exported records; may throw I/O errors from the client connection. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(StoredRecord record) throws IOException;
    }

    public Page<IncidentState> incidents(IncidentStatus status, String service, int limit, Long beforeSeq) {
        Sql sql = new Sql("SELECT " + IncidentState.COLUMNS + " FROM incident WHERE 1 = 1")
                .and("status = ?", status == null ? null : status.name()).and("service = ?", service).and("opened_seq < ?", beforeSeq);
        List<IncidentState> rows = store.inTransaction(c -> sql.list(c, " ORDER BY opened_seq DESC LIMIT " + (limit + 1),
                IncidentState::read));
        return Page.of(rows, limit, IncidentState::openedSeq);
    }

    /** One incident with its timeline: every audit record about it, oldest first. */
    public IncidentState incident(String id) {
        return store.inTransaction(c -> {
            IncidentState found = existing(c, id);
            List<AuditRecord> records = new Sql("SELECT " + AuditRecord.COLUMNS + " FROM audit_record WHERE 1 = 1")
                    .and("incident_id = ?", id).list(c, " ORDER BY seq", AuditRecord::read);
            return found.withDetails(records.stream().map(this::timelineEntry).toList(), actions.ofIncident(c, id),
                    escalations.ofIncident(c, id));
        });
    }

    /**
     * An incident's actions: those recorded (run, dry-run, refused, waiting) and the checklist, the manual actions of
     * its current decision that people carry out.
     */
    public IncidentActions incidentActions(String id) {
        IncidentState incident = incidentState(id);
        List<JsonNode> checklist = new ArrayList<>();
        decision(incident.currentDecisionId()).record().path("decision").path("actions").forEach(action -> {
            if (!action.path("automatable").asBoolean()) {
                checklist.add(action);
            }
        });
        return new IncidentActions(id, incident.status(), store.inTransaction(c -> actions.ofIncident(c, id)), checklist);
    }

    /** An incident as stored, without its timeline, actions or steps: for callers that need its status only. */
    public IncidentState incidentState(String id) {
        return store.inTransaction(c -> existing(c, id));
    }

    private static IncidentState existing(Connection connection, String id) throws SQLException {
        IncidentState incident = Incidents.find(connection, id);
        if (incident == null) {
            throw new NotFoundInStoreException("incident", id);
        }
        return incident;
    }

    public record IncidentActions(String incidentId, IncidentStatus incidentStatus, List<ActionRow> actions, List<JsonNode> checklist) {
    }

    private IncidentState.TimelineEntry timelineEntry(AuditRecord record) {
        String note = RecordKind.DECISION.name().equals(record.kind()) ? null : Json.read(json, record.body()).path("note").asText(null);
        return new IncidentState.TimelineEntry(record.seq(), record.kind(), record.recordedAt(), record.caller(),
                record.id(), record.incidentChange(), record.severity(), note);
    }

    private StoredRecord stored(AuditRecord record) {
        return new StoredRecord(record.seq(), record.id(), record.kind(), record.recordedAt(), record.caller(),
                record.incidentId(), record.prevHash(), record.hash(), Json.read(json, record.body()));
    }



    /** A WHERE clause that only grows by the filters that are set, with their parameters in order. */
    private static final class Sql {
        private final StringBuilder text;
        private final List<Object> parameters = new ArrayList<>();

        Sql(String select) {
            this.text = new StringBuilder(select);
        }

        Sql and(String condition, Object value) {
            if (value != null) {
                text.append(" AND ").append(condition);
                parameters.add(value);
            }
            return this;
        }

        PreparedStatement prepare(Connection connection, String tail) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(text + tail);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }

        <T> List<T> list(Connection connection, String tail, Rows.Reader<T> reader) throws SQLException {
            try (PreparedStatement statement = prepare(connection, tail)) {
                return Rows.all(statement, reader);
            }
        }
    }
}
