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

    @Test
    void aStoreThatH2ClosedOnAFatalErrorHaltsTheProcessWithStatus3(@TempDir Path dir) throws Exception {
        // Left open: H2 refuses to close a connection to a store it closed on a panic, and the file is closed already.
        Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("panic") + ";WRITE_DELAY=0");
        MVStore store = H2MvStore.of(connection);
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        H2PanicExit exit = new H2PanicExit(null, halted::complete);
        exit.watch(store);
        assertThrows(TimeoutException.class, () -> halted.get(1500, TimeUnit.MILLISECONDS), "a store that works is left alone");

        // What a failed chunk write does inside H2 (here: the direct-memory OutOfMemoryError of 2026-12-07).
        assertThrows(MVStoreException.class, () -> store.panic(DataUtils.newMVStoreException(
                DataUtils.ERROR_WRITING_FAILED, "Cannot reserve 2961408 bytes of direct buffer memory")));

        assertEquals(H2PanicExit.STATUS, halted.get(5, TimeUnit.SECONDS));
        exit.onStop(new ShutdownEvent());
    }

    @Test
    void aStoreClosedByTheShutdownIsNotAFault(@TempDir Path dir) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("shutdown") + ";WRITE_DELAY=0");
        MVStore store = H2MvStore.of(connection);
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        H2PanicExit exit = new H2PanicExit(null, halted::complete);
        exit.watch(store);

        exit.onStop(new ShutdownEvent());
        connection.close();

        assertEquals(true, store.isClosed());
        assertThrows(TimeoutException.class, () -> halted.get(2500, TimeUnit.MILLISECONDS));
    }
}
