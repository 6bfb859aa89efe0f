package dev.runbook.decisions.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.domain.IncidentChange;
import dev.runbook.decisions.domain.IncidentStatus;
import dev.runbook.decisions.domain.ReceiptOutcome;
import dev.runbook.decisions.domain.RecordKind;
import dev.runbook.decisions.store.EscalationSteps;
import dev.runbook.decisions.store.InvalidTransitionException;
import dev.runbook.decisions.store.Json;
import dev.runbook.decisions.store.NotFoundInStoreException;
import dev.runbook.decisions.store.StoppedSteps;
import dev.runbook.decisions.store.Store;
import dev.runbook.decisions.store.StoreUnavailableException;

/**
 * Writes the audit log and the incidents it drives. Each method is one transaction that first locks the chain head,
 * so the incident change and its audit record commit together or not at all, in the same order on every replica.
 * Decisions and deliveries ({@link #apply}) are group-committed: concurrent callers' steps share one transaction and
 * one chain-head lock, applied in the order they were queued, and each caller returns once that transaction committed.
 */
@ApplicationScoped
public class AuditLog {

    private final Store store;
    private final EscalationSteps escalations;
    private final ObjectMapper json;
    private final GroupCommit<List<? extends AuditStep>, List<Receipt>> commits;
    /**
     * Among others, how long a batch holds the chain head, from taking the lock to its commit, and how many callers it
     * served: the one global chain serialises every replica, so 1 / (hold per caller) is the ceiling of a whole cluster.
     */
    private final AuditMetrics metrics;
    /** Escalation steps a committed transaction stopped, announced for the meters that count them. */
    private final Event<StoppedSteps> stoppedSteps;

    public AuditLog(Store store, EscalationSteps escalations, ObjectMapper json, AuditMetrics metrics,
                    Event<StoppedSteps> stoppedSteps,
                    @ConfigProperty(name = "runbook.audit.group-commit.max-batch") int maxBatch,
                    @ConfigProperty(name = "runbook.audit.group-commit.max-wait") Duration maxWait) {
        this.store = store;
        this.escalations = escalations;
        this.json = json;
        this.commits = new GroupCommit<>(this::write, maxBatch, maxWait);
        this.metrics = metrics;
        this.stoppedSteps = stoppedSteps;
    }

    /** Records a decision and attaches it to the open incident of its key, opening (or reopening) one if needed. */
    public IncidentRef recordDecision(DecisionEntry entry) {
        return apply(List.of(new AuditStep.Decide(entry, null))).get(0).incident();
    }

    /**
     * Applies a delivery's steps in one transaction, in order, and answers one receipt each once it is committed: all
     * are recorded or none. A step whose event was already handled writes nothing and answers the first receipt, so
     * concurrent or repeated deliveries of one alert make one decision. The transaction may also hold other callers'
     * steps (group commit, see {@link GroupCommit}); a store failure fails them all alike.
     */
    public List<Receipt> apply(List<? extends AuditStep> steps) {
        long start = System.nanoTime();
        try {
            List<Receipt> receipts = commits.submit(steps, steps.size());
            metrics.appended(start, AuditMetrics.AppendOutcome.COMMITTED);
            return receipts;
        } catch (RuntimeException e) {
            metrics.appended(start, AuditMetrics.AppendOutcome.of(e));
            throw e;
        }
    }

    /**
     * The group commit's writer: every caller's steps in one transaction under one chain-head lock. A caller whose
     * steps fail for a reason of their own (not the store's) is failed alone and the others are written again without
     * it, so one bad delivery never costs another caller its answer.
     */
    private List<List<Receipt>> write(List<List<? extends AuditStep>> batch) {
        long[] locked = new long[1];
        List<StoppedSteps> stopped = new ArrayList<>();
        List<List<Receipt>> written = store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHeadForBatch(connection);
            locked[0] = System.nanoTime();
            List<List<Receipt>> results = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                try {
                    results.add(applyAll(connection, head, batch.get(i), stopped));
                } catch (SQLException e) {
                    if (Store.translate(e) instanceof StoreUnavailableException) {
                        throw e;
                    }
                    throw new GroupCommit.ItemFailed(i, Store.translate(e));
                } catch (StoreUnavailableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new GroupCommit.ItemFailed(i, e);
                }
            }
            AuditChain.storeHead(connection, head);
            return results;
        });
        metrics.batchWritten(System.nanoTime() - locked[0], batch.size());
        stopped.forEach(stoppedSteps::fire);
        return written;
    }

    /** {@code stopped} collects the escalation steps the transaction stops, to be announced once it committed. */
    private List<Receipt> applyAll(Connection connection, AuditChain.Head head, List<? extends AuditStep> steps,
                                   List<StoppedSteps> stopped) throws SQLException {
        List<Receipt> receipts = new ArrayList<>(steps.size());
        for (AuditStep step : steps) {
            Receipt earlier = Receipts.find(connection, json, step.eventKey());
            Receipt receipt = earlier != null ? earlier : record(connection, head, step, stopped);
            if (earlier == null) {
                Receipts.save(connection, json, step.eventKey(), receipt, head.now());
            }
            receipts.add(receipt);
        }
        return receipts;
    }

    /** A previously handled event's receipt, read without locking: the cheap check before deciding anything. */
    public Receipt receiptOf(String eventKey) {
        return receiptsOf(Collections.singletonList(eventKey)).get(eventKey);
    }

    /** The receipts of those events that were already handled, by event key, in one read. */
    public Map<String, Receipt> receiptsOf(List<String> eventKeys) {
        return store.inTransaction(connection -> {
            Map<String, Receipt> found = new HashMap<>();
            for (String key : eventKeys) {
                Receipt receipt = Receipts.find(connection, json, key);
                if (receipt != null) {
                    found.put(key, receipt);
                }
            }
            return found;
        });
    }

    private Receipt record(Connection connection, AuditChain.Head head, AuditStep step, List<StoppedSteps> stopped)
            throws SQLException {
        if (step instanceof AuditStep.Decide decide) {
            return decide(connection, head, decide.entry(), stopped);
        }
        if (step instanceof AuditStep.Transition transition) {
            return transition(connection, head, transition, stopped);
        }
        return reject(connection, head, (AuditStep.Reject) step);
    }

    private Receipt decide(Connection connection, AuditChain.Head head, DecisionEntry entry, List<StoppedSteps> stopped)
            throws SQLException {
        IncidentState open = Incidents.findOpen(connection, entry.dedupKey());
        IncidentRef ref = open == null ? open(connection, head, entry) : attach(connection, head, entry, open);
        // An executed decision schedules its escalation plan when it opens the incident, raises its severity, or finds
        // an incident that was only advised on so far.
        if (entry.escalationPlan() != null
                && (IncidentChange.RESCHEDULING.contains(IncidentChange.valueOf(ref.change())) || !escalations.hasSteps(connection, ref.id()))) {
            stopped.add(escalations.schedule(connection, ref.id(), entry.decisionId(), entry.escalationPlan(), head.now()));
        }
        String body = entry.content().closedWith("incident", Json.write(json, ref));
        AuditChain.append(connection, head, AuditRecord.draft(entry.decisionId(), RecordKind.DECISION, entry.caller(), ref.id(),
                ref.change(), entry.service(), entry.severity(), entry.incidentType(), body));
        return new Receipt(ReceiptOutcome.DECIDED, entry.decisionId(), entry.dedupKey(), entry.incidentType(), entry.severity(),
                entry.serviceLabel(), ref, null, null);
    }

    private Receipt transition(Connection connection, AuditChain.Head head, AuditStep.Transition step, List<StoppedSteps> stopped)
            throws SQLException {
        IncidentState open = Incidents.findOpen(connection, step.dedupKey());
        String recordId = UUID.randomUUID().toString();
        if (open == null) {
            ObjectNode content = json.createObjectNode().put("dedupKey", step.dedupKey()).put("requested", step.target().name())
                    .put("note", step.note());
            AuditChain.append(connection, head, AuditRecord.draft(recordId, RecordKind.ALERT_IGNORED, step.caller(), null, null, null,
                    null, null, Json.write(json, content)));
            return new Receipt(ReceiptOutcome.NO_OPEN_INCIDENT, recordId, step.dedupKey(), null, null, null, null, null, null);
        }
        IncidentState after = open.status() == step.target() ? open
                : step(connection, head, open, step.target(), step.caller(), step.note(), recordId, stopped);
        return new Receipt(ReceiptOutcome.valueOf(step.target().name()), recordId, step.dedupKey(), after.incidentType(),
                after.severity(), null, new IncidentRef(after.id(), after.status(), step.target().name(), null, null), null, null);
    }

    private Receipt reject(Connection connection, AuditChain.Head head, AuditStep.Reject step) throws SQLException {
        String recordId = UUID.randomUUID().toString();
        AuditChain.append(connection, head, AuditRecord.draft(recordId, step.kind(), step.caller(), null, null, null, null,
                null, Json.write(json, step.content())));
        return new Receipt(ReceiptOutcome.REJECTED, recordId, null, null, null, null, null, step.reason(), null);
    }

    private IncidentRef open(Connection connection, AuditChain.Head head, DecisionEntry entry) throws SQLException {
        String previous = Incidents.latestOf(connection, entry.dedupKey());
        String id = UUID.randomUUID().toString();
        Incidents.insert(connection, id, entry, previous, head.nextSeq(), head.now());
        return new IncidentRef(id, IncidentStatus.OPEN, (previous == null ? IncidentChange.OPENED : IncidentChange.REOPENED).name(),
                null, previous);
    }

    private static IncidentRef attach(Connection connection, AuditChain.Head head, DecisionEntry entry, IncidentState open)
            throws SQLException {
        String change = change(open, entry, Incidents.planHash(connection, open.id())).name();
        Incidents.update(connection, open.id(), entry, head.now());
        return new IncidentRef(open.id(), open.status(), change, open.severity(), null);
    }

    private static IncidentChange change(IncidentState open, DecisionEntry entry, String currentPlanHash) {
        if (entry.severity().isMoreSevereThan(open.severity())) {
            return IncidentChange.ESCALATED;
        }
        if (open.severity().isMoreSevereThan(entry.severity())) {
            return IncidentChange.DEESCALATED;
        }
        return entry.planHash().equals(currentPlanHash) ? IncidentChange.UNCHANGED : IncidentChange.PLAN_CHANGED;
    }

    public IncidentState acknowledge(String incidentId, String caller, String note) {
        return transition(incidentId, caller, note, IncidentStatus.ACKNOWLEDGED);
    }

    public IncidentState resolve(String incidentId, String caller, String note) {
        return transition(incidentId, caller, note, IncidentStatus.RESOLVED);
    }

    /**
     * OPEN → ACKNOWLEDGED → RESOLVED (OPEN → RESOLVED directly too). Repeating the step an incident already took is
     * answered with its state and records nothing; acknowledging a resolved incident is refused.
     */
    private IncidentState transition(String incidentId, String caller, String note, IncidentStatus target) {
        List<StoppedSteps> stopped = new ArrayList<>();
        IncidentState after = store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHead(connection);
            IncidentState incident = Incidents.find(connection, incidentId);
            if (incident == null) {
                throw new NotFoundInStoreException("incident", incidentId);
            }
            if (incident.status() == target) {
                return incident;
            }
            if (incident.status() == IncidentStatus.RESOLVED) {
                throw new InvalidTransitionException("Incident " + incidentId + " is resolved; a new alert opens a new incident");
            }
            return step(connection, head, incident, target, caller, note, UUID.randomUUID().toString(), stopped);
        });
        stopped.forEach(stoppedSteps::fire);
        return after;
    }

    private IncidentState step(Connection connection, AuditChain.Head head, IncidentState incident, IncidentStatus target,
                               String caller, String note, String recordId, List<StoppedSteps> stopped) throws SQLException {
        Incidents.transition(connection, incident.id(), target, caller, head.now());
        stopped.add(escalations.stopFor(connection, incident.id(), target));
        ObjectNode content = json.createObjectNode().put("incidentId", incident.id()).put("by", caller).put("note", note);
        AuditChain.append(connection, head, AuditRecord.draft(recordId, RecordKind.valueOf(target.name()), caller, incident.id(), target.name(),
                incident.service(), incident.severity(), incident.incidentType(), Json.write(json, content)));
        return Incidents.find(connection, incident.id());
    }

    /**
     * Deletes every record older than {@code cutoff} (a prefix of the chain) and records the purge, with the hash the
     * first remaining record links to, so the shortened chain still verifies. Returns how many records were purged.
     */
    public long purgeOlderThan(Instant cutoff, String caller) {
        return store.inTransaction(connection -> {
            AuditChain.Head head = AuditChain.lockHead(connection);
            long through;
            String anchor;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, hash FROM audit_record WHERE seq = (SELECT MAX(seq) FROM audit_record WHERE recorded_at < ?)")) {
                select.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return 0L;
                    }
                    through = rs.getLong(1);
                    anchor = rs.getString(2);
                }
            }
            long purged;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_record WHERE seq <= ?")) {
                delete.setLong(1, through);
                purged = delete.executeUpdate();
            }
            ObjectNode content = json.createObjectNode().put("purgedThroughSeq", through).put("anchorHash", anchor)
                    .put("purgedRecords", purged).put("cutoff", cutoff.toString());
            AuditChain.append(connection, head, AuditRecord.draft(UUID.randomUUID().toString(), RecordKind.PURGE, caller, null, null,
                    null, null, null, Json.write(json, content)));
            return purged;
        });
    }
}
