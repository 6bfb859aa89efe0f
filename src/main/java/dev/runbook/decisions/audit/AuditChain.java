package dev.runbook.decisions.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Appends records to the hash chain. The chain head row is locked first, so appends from any number of threads or
 * replicas get consecutive sequence numbers and each links to the hash of the one before.
 */
public final class AuditChain {

    private AuditChain() {
    }

    /** Locks the head for the rest of the transaction; everything a caller does after this is serialised. */
    public static Head lockHead(Connection connection) throws SQLException {
        return lockHead(connection, false);
    }

    /**
     * Locks the head for a transaction of many appends (a group commit's batch): they advance it in memory only, and
     * {@link #storeHead} writes it once, after the last, instead of one UPDATE of the head row per record. Nothing
     * outside the transaction sees the head before it commits, so the stored head is the same either way.
     */
    static Head lockHeadForBatch(Connection connection) throws SQLException {
        return lockHead(connection, true);
    }

    private static Head lockHead(Connection connection, boolean batch) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_chain WHERE id = 1 FOR UPDATE");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("audit_chain has no head row");
            }
            return new Head(rs.getLong(1), rs.getString(2), Instant.now().truncatedTo(ChronoUnit.MICROS), batch);
        }
    }

    public static AuditRecord append(Connection connection, Head head, AuditRecord draft) throws SQLException {
        AuditRecord record = draft.chained(head.nextSeq(), head.now(), head.lastHash());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_record (" + AuditRecord.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, record.seq());
            insert.setString(2, record.id());
            insert.setString(3, record.kind());
            insert.setObject(4, record.recordedAt().atOffset(ZoneOffset.UTC));
            insert.setString(5, record.caller());
            insert.setString(6, record.incidentId());
            insert.setString(7, record.incidentChange());
            insert.setString(8, record.service());
            insert.setString(9, record.severity());
            insert.setString(10, record.incidentType());
            insert.setString(11, record.body());
            insert.setString(12, record.prevHash());
            insert.setString(13, record.hash());
            insert.executeUpdate();
        }
        head.advance(record);
        if (!head.batch) {
            update(connection, head);
        }
        return record;
    }

    /** Writes a batch's head (see {@link #lockHeadForBatch}), if its appends moved it; call it last, before the commit. */
    static void storeHead(Connection connection, Head head) throws SQLException {
        if (head.lastSeq != head.lockedSeq) {
            update(connection, head);
        }
    }

    private static void update(Connection connection, Head head) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE audit_chain SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            update.setLong(1, head.lastSeq);
            update.setString(2, head.lastHash);
            update.executeUpdate();
        }
    }

    /** The chain head as locked, advanced by every append of the same transaction. */
    public static final class Head {
        private long lastSeq;
        private String lastHash;
        private final Instant now;
        /** The sequence number the head row holds, and whether appends leave that row to {@link #storeHead}. */
        private final long lockedSeq;
        private final boolean batch;

        Head(long lastSeq, String lastHash, Instant now, boolean batch) {
            this.lastSeq = lastSeq;
            this.lastHash = lastHash;
            this.now = now;
            this.lockedSeq = lastSeq;
            this.batch = batch;
        }

        long nextSeq() { return lastSeq + 1; }
        String lastHash() { return lastHash; }
        /** The transaction's time: every record and row it writes carries this instant. */
        public Instant now() { return now; }

        void advance(AuditRecord record) {
            lastSeq = record.seq();
            lastHash = record.hash();
        }
    }
}
