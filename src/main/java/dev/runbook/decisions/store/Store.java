package dev.runbook.decisions.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;

/**
 * The datasource chosen by {@code runbook.store}, and the one way this package talks to it: a unit of work in one
 * transaction, committed before it returns, rolled back whole on any failure. Lost connections become
 * {@link StoreUnavailableException} so callers can answer 503 instead of 500.
 */
@ApplicationScoped
public class Store {

    private final AgroalDataSource dataSource;
    private final String kind;

    public Store(@ConfigProperty(name = "runbook.store") String kind, @Any Instance<AgroalDataSource> dataSources) {
        this.kind = kind;
        this.dataSource = dataSources.select(new DataSource.DataSourceLiteral(kind)).get();
    }

    public String kind() {
        return kind;
    }

    /** Work that reads and writes in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is already broken; the transaction dies with it.
        }
    }

    /** Lost connections and lock waits that gave up are worth a retry (503); anything else is a fault (500). */
    public static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean retryable = e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || state.startsWith("08") || RETRYABLE_STATES.contains(state)
                || (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout"));
        return retryable ? new StoreUnavailableException(e) : new IllegalStateException("Store failure: " + e.getMessage(), e);
    }

    /** H2 lock timeout; PostgreSQL lock not available, serialization failure, deadlock. */
    private static final Set<String> RETRYABLE_STATES = Set.of("HYT00", "55P03", "40001", "40P01");
}
