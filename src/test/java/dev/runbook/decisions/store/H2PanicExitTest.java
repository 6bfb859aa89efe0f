package dev.runbook.decisions.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.ShutdownEvent;

class H2PanicExitTest {

    /** A real H2 file store, watched; {@code halted} completes with the status the watch halts with. */
    private record Watched(Connection connection, MVStore store, H2PanicExit exit, CompletableFuture<Integer> halted) {

        static Watched open(Path file) throws SQLException {
            Connection connection = DriverManager.getConnection("jdbc:h2:file:" + file + ";WRITE_DELAY=0");
            CompletableFuture<Integer> halted = new CompletableFuture<>();
            H2PanicExit exit = new H2PanicExit(null, halted::complete);
            MVStore store = H2MvStore.of(connection);
            exit.watch(store);
            return new Watched(connection, store, exit, halted);
        }
    }

    @Test
    void aStoreThatH2ClosedOnAFatalErrorHaltsTheProcessWithStatus3(@TempDir Path dir) throws Exception {
        // Its connection is left open: H2 refuses to close one to a store it closed on a panic, whose file is closed.
        Watched watched = Watched.open(dir.resolve("panic"));
        assertThrows(TimeoutException.class, () -> watched.halted().get(1500, TimeUnit.MILLISECONDS),
                "a store that works is left alone");

        // What a failed chunk write does inside H2 (here: the direct-memory OutOfMemoryError of 2026-12-07).
        assertThrows(MVStoreException.class, () -> watched.store().panic(DataUtils.newMVStoreException(
                DataUtils.ERROR_WRITING_FAILED, "Cannot reserve 2961408 bytes of direct buffer memory")));

        assertEquals(H2PanicExit.STATUS, watched.halted().get(5, TimeUnit.SECONDS));
        watched.exit().onStop(new ShutdownEvent());
    }

    @Test
    void aStoreClosedByTheShutdownIsNotAFault(@TempDir Path dir) throws SQLException {
        Watched watched = Watched.open(dir.resolve("shutdown"));

        watched.exit().onStop(new ShutdownEvent());
        watched.connection().close();

        assertEquals(true, watched.store().isClosed());
        assertThrows(TimeoutException.class, () -> watched.halted().get(2500, TimeUnit.MILLISECONDS));
    }
}
