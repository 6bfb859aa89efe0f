package dev.runbook.decisions.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
     * Live bytes rewritten per pass at most. A pass holds H2's store lock, and every commit waits for it: 4 MB passes
     * put a p99 of 401 ms on decisions at half their peak, 1 MB passes with a pause between them 95 ms, as with no
     * compaction at all (101 ms; bench/README.md, "Overload: 200 worker threads closed H2"). The JDK also keeps, per
     * thread, a direct buffer as large as the largest file write; 16 MB runs left 20 MB of them.
     */
    private static final int WRITE_LIMIT_BYTES = 1024 * 1024;
    /**
     * Passes per run at most, while there is something to rewrite: 32 MB every 2 s. One 4 MB pass every 2 s fell
     * behind a soak of 150 decisions/s (the chunks' metadata still grew, about a third as fast as with none), because
     * every commit leaves a chunk whose records stay live.
     */
    private static final int MAX_PASSES = 32;
    /**
     * Between passes: H2's store lock is not fair, so the compaction took it again at once and the commits queued
     * behind all the passes of a run (1 MB passes without the pause: p99 308 ms).
     */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

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
            // A pass only marks the live pages it moves; until a commit writes them, the next pass finds their
            // chunks as live as before and gives up. With no decision committing meanwhile, a run was one pass.
            mvStore.commit();
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        return rewrote;
    }
}
