package dev.runbook.decisions.audit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.store.Store;

/**
 * Walks the hash chain oldest first, a batch at a time, recomputing every hash over every column of the record (not
 * only its body): reports the first record whose hash, link or sequence is wrong, or whose nullable column holds the
 * hash's NULL marker, and a chain whose end does not match the head (a deleted newest record).
 */
@ApplicationScoped
public class ChainVerifier {

    static final String GENESIS = "0".repeat(64);
    /**
     * Records read at once. Bodies are about 40 KB each in memory, and a check shares the core with the load, so a batch
     * lives as long as hashing it takes there: batches of 100 (4 MB) outlived young collections and were promoted. At
     * 200 decisions a second, with H2's text cache already off, they left 33 full collections in 150 s against 10 with
     * batches of 10 (bench/README.md, "H2's text cache and the chain check's batches").
     */
    private static final int BATCH = 10;

    private final Store store;
    private final ObjectMapper json;

    public ChainVerifier(Store store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public ChainVerification verify() {
        return store.inTransaction(connection -> verify(connection, null));
    }

    /**
     * Verifies the chain from record {@code seq} (itself included) to the head: that record's own hash, then every
     * link after it. Answers as {@link #verify()} would for the whole chain when {@code seq} is no longer stored (a
     * purge took it) or is 0.
     */
    public ChainVerification verifyFrom(long seq) {
        return store.inTransaction(connection -> {
            AuditRecord start = seq <= 0 ? null : record(connection, seq);
            if (start != null && !start.computeHash().equals(start.hash())) {
                return broken(0, null, null, start, "content does not match its hash (the record was altered)");
            }
            return verify(connection, start);
        });
    }

    /** The sequence number of the chain's newest record (0 for an empty chain). */
    public long headSeq() {
        return store.inTransaction(connection -> head(connection).seq());
    }

    /** {@code start}: a record already checked to walk on from, or null to walk the whole chain from its oldest. */
    private ChainVerification verify(Connection connection, AuditRecord start) throws SQLException {
        // The head first, and only the records up to it: appends commit their records and the head together, so every
        // record up to the head read now is visible to the reads that follow, while records committed during the walk
        // are left to the next verification. Read last, the head would run ahead of a walk under load (a false alarm).
        Head head = head(connection);
        AuditRecord previous = start;
        Long firstSeq = start == null ? null : start.seq();
        long checked = start == null ? 0 : 1;
        List<AuditRecord> batch;
        do {
            batch = batchAfter(connection, previous == null ? 0 : previous.seq(), head.seq());
            for (AuditRecord record : batch) {
                String problem = previous == null ? checkFirst(connection, record) : checkLink(previous, record);
                if (problem == null && !record.computeHash().equals(record.hash())) {
                    problem = "content does not match its hash (the record was altered)";
                }
                if (problem == null && record.columnHoldingNullMarker() != null) {
                    problem = "column " + record.columnHoldingNullMarker() + " holds the text the hash writes for NULL, which "
                            + "no record is written with (the record was altered: its NULL was replaced)";
                }
                if (problem != null) {
                    return broken(checked, firstSeq, previous, record, problem);
                }
                firstSeq = firstSeq == null ? record.seq() : firstSeq;
                previous = record;
                checked++;
            }
        } while (batch.size() == BATCH);
        return checkHead(connection, head, checked, firstSeq, previous);
    }

    private static String checkLink(AuditRecord previous, AuditRecord record) {
        if (record.seq() != previous.seq() + 1) {
            return "sequence jumps from " + previous.seq() + " to " + record.seq() + " (records were deleted)";
        }
        return record.prevHash().equals(previous.hash()) ? null : "does not link to the hash of record " + previous.seq();
    }

    /** The oldest record links to the genesis hash, or, after a purge, to the anchor the latest purge recorded. */
    private String checkFirst(Connection connection, AuditRecord first) throws SQLException {
        if (first.seq() == 1) {
            return GENESIS.equals(first.prevHash()) ? null : "the first record does not link to the genesis hash";
        }
        JsonNode purge = latestPurge(connection);
        if (purge == null || purge.path("purgedThroughSeq").asLong() != first.seq() - 1) {
            return "records before " + first.seq() + " are missing and no purge accounts for them";
        }
        return first.prevHash().equals(purge.path("anchorHash").asText()) ? null : "does not link to the purge's anchor hash";
    }

    private ChainVerification checkHead(Connection connection, Head head, long checked, Long firstSeq, AuditRecord last)
            throws SQLException {
        long lastSeq = last == null ? 0 : last.seq();
        if (head.seq() != lastSeq || (last != null && !last.hash().equals(head.hash()))) {
            return new ChainVerification(false, checked, firstSeq, lastSeq,
                    new ChainVerification.BrokenLink(head.seq(), null, "the chain ends at " + lastSeq + " but its head is at "
                            + head.seq() + " (the newest records were deleted or altered)"));
        }
        // A record past the head was not appended by the service: its append would have moved the head with it. The
        // newest record is read before the head again, so one appended meanwhile has its head visible too.
        long newest = newestSeq(connection);
        long headNow = head(connection).seq();
        if (newest > headNow) {
            return new ChainVerification(false, checked, firstSeq, lastSeq, new ChainVerification.BrokenLink(newest, null,
                    "record " + newest + " lies past the chain's head at " + headNow + " (it was inserted, not appended)"));
        }
        return new ChainVerification(true, checked, firstSeq, last == null ? null : lastSeq, null);
    }

    /** The chain's head: the newest record's sequence number and hash (0 and null for an empty chain). */
    private record Head(long seq, String hash) {
    }

    private static Head head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last_seq, last_hash FROM audit_chain WHERE id = 1");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, null);
        }
    }

    private static long newestSeq(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT max(seq) FROM audit_record");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static ChainVerification broken(long checked, Long firstSeq, AuditRecord previous, AuditRecord record, String problem) {
        return new ChainVerification(false, checked, firstSeq, previous == null ? null : previous.seq(),
                new ChainVerification.BrokenLink(record.seq(), record.id(), problem));
    }

    private static AuditRecord record(Connection connection, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + AuditRecord.COLUMNS
                + " FROM audit_record WHERE seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? AuditRecord.read(rs) : null;
            }
        }
    }

    private static List<AuditRecord> batchAfter(Connection connection, long seq, long headSeq) throws SQLException {
        List<AuditRecord> records = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + AuditRecord.COLUMNS
                + " FROM audit_record WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT " + BATCH)) {
            select.setLong(1, seq);
            select.setLong(2, headSeq);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    records.add(AuditRecord.read(rs));
                }
            }
        }
        return records;
    }

    private JsonNode latestPurge(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT body FROM audit_record WHERE kind = 'PURGE' ORDER BY seq DESC LIMIT 1");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? json.readTree(rs.getString(1)) : null;
        } catch (IOException e) {
            throw new IllegalStateException("A purge record is not JSON", e);
        }
    }
}
