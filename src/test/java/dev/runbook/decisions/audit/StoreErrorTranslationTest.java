package dev.runbook.decisions.audit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.store.Store;
import dev.runbook.decisions.store.StoreUnavailableException;

/** Which store failures are answered 503 (retry later) and which are faults (500). */
class StoreErrorTranslationTest {

    @Test
    void lostConnectionsPoolExhaustionAndLockWaitsAreRetryable() {
        assertInstanceOf(StoreUnavailableException.class, Store.translate(new SQLTransientConnectionException("gone")));
        assertInstanceOf(StoreUnavailableException.class, Store.translate(new SQLException("Connection refused", "08001")));
        assertInstanceOf(StoreUnavailableException.class, Store.translate(new SQLException("Sorry, acquisition timeout!")));
        assertInstanceOf(StoreUnavailableException.class, Store.translate(new SQLException("Timeout trying to lock table", "HYT00")));
        assertInstanceOf(StoreUnavailableException.class, Store.translate(new SQLException("deadlock detected", "40P01")));
    }

    @Test
    void otherFailuresAreFaults() {
        assertInstanceOf(IllegalStateException.class, Store.translate(new SQLException("syntax error", "42601")));
        assertInstanceOf(IllegalStateException.class, Store.translate(new SQLException("duplicate key", "23505")));
    }
}
