package dev.runbook.decisions.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CompactionTest {

    @Test
    void compactingRaisesTheShareOfLiveBytesInTheFileAndKeepsEveryRow(@TempDir Path dir) throws SQLException {
        // As the service writes: one commit per append with WRITE_DELAY=0. RETENTION_TIME=0 makes the chunks
        // rewritable at once instead of after H2's 45 s.
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("compact") + ";WRITE_DELAY=0;RETENTION_TIME=0")) {
            connection.createStatement().execute("CREATE TABLE record(seq BIGINT PRIMARY KEY, body VARCHAR)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO record VALUES (?, ?)")) {
                for (int seq = 1; seq <= 300; seq++) {
                    insert.setLong(1, seq);
                    insert.setString(2, "x".repeat(4000) + seq);
                    insert.executeUpdate();
                }
            }
            FileStore<?> file = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession())
                    .getDatabase().getStore().getMvStore().getFileStore();
            int fillBefore = file.getChunksFillRate();

            assertTrue(H2Compaction.compact(connection), "a store of one chunk per commit needs compacting");
            // The chunks rewritten are dropped by the commits that follow (H2 frees a chunk once a commit finds it dead).
            connection.createStatement().execute("CREATE TABLE tick(n INT)");
            connection.createStatement().execute("INSERT INTO tick VALUES (1)");

            assertTrue(fillBefore < 50 && file.getChunksFillRate() > 80, file.getChunksFillRate() + "% live after, " + fillBefore + "% before");
            try (ResultSet rows = connection.createStatement().executeQuery(
                    "SELECT COUNT(*), SUM(seq), SUM(LENGTH(body)) FROM record")) {
                rows.next();
                assertEquals(300, rows.getLong(1));
                assertEquals(300 * 301 / 2, rows.getLong(2));
                assertEquals(300 * 4000 + 9 + 2 * 90 + 3 * 201, rows.getLong(3));
            }
        }
    }

    @Test
    void anInMemoryStoreHasNothingToCompact() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:compaction-test")) {
            assertEquals(false, H2Compaction.compact(connection));
        }
    }
}
