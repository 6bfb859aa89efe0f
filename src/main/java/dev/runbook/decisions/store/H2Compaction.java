package dev.runbook.decisions.store;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Does for the H2 file what H2's own background writer would: rewrites sparsely used chunks so the old ones can be
 * dropped. {@code WRITE_DELAY=0} (each commit in the file before the answer) also switches that writer off, and then
 * every commit leaves a chunk of the file behind (a few pages of it still live), never rewritten: the file grows about
 * three times the data it holds, and the heap keeps H2's metadata of every chunk, about 230 bytes each (65,259 chunks,
 * 15 MB, after 85,000 decisions of the benchmark's soak), so the live heap grew without bound. PostgreSQL needs none
 * of this: the job does nothing there.
 */
@ApplicationScoped
public class H2Compaction {

    private static final Logger LOG = Logger.getLogger(H2Compaction.class);
    /** H2's own threshold (its autoCompactFillRate): below this share of live bytes in its chunks the file is compacted. */
    private static final int TARGET_FILL_RATE = 90;
    /**
     * Live bytes rewritten per run at most: one run holds H2's store lock briefly, and the chunk it writes stays small
     * (the JDK keeps, per thread, a direct buffer as large as the largest file write; 16 MB runs left 20 MB of them).
     */
    private static final int WRITE_LIMIT_BYTES = 4 * 1024 * 1024;
    /**
     * Passes of at most WRITE_LIMIT_BYTES each per run, while there is something to rewrite: one pass every 2 s fell
     * behind a soak of 150 decisions/s (the chunks' metadata still grew, about a third as fast as with none), because
     * every commit leaves a chunk whose records stay live; eight keep up to 16 MB/s of live bytes.
     */
    private static final int MAX_PASSES = 8;

    private final Store store;

    public H2Compaction(Store store) {
        this.store = store;
    }

    @Scheduled(every = "${runbook.h2.compact-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!"h2".equals(store.kind())) {
            return;
        }
        try {
            store.inTransaction(H2Compaction::compact);
        } catch (RuntimeException e) {
            LOG.warnf("Could not compact the H2 file (the next run retries): %s", e.getMessage());
        }
    }

    /** Rewrites the least used chunks of the store behind this connection; false if nothing needed it. */
    static boolean compact(Connection connection) throws SQLException {
        MVStore mvStore = H2MvStore.of(connection);
        boolean rewrote = false;
        for (int pass = 0; pass < MAX_PASSES && mvStore.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES); pass++) {
            rewrote = true;
        }
        return rewrote;
    }
}
