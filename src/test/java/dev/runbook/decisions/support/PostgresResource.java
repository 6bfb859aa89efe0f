package dev.runbook.decisions.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the PostgreSQL test application a fresh schema on the real server (127.0.0.1:5432, database test) and puts a
 * {@link ToggleProxy} in front of it, injected into test fields annotated {@link Proxy} so a test can cut the database.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String SCHEMA = "runbook_test";

    private ToggleProxy proxy;

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Proxy {
    }

    @Override
    public Map<String, String> start() {
        resetSchema(SCHEMA);
        try {
            proxy = new ToggleProxy(5432);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.datasource.postgresql.jdbc.url",
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=" + SCHEMA);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(Proxy.class, ToggleProxy.class));
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops and recreates a schema, so every run starts from an empty store that Flyway migrates. */
    public static void resetSchema(String schema) {
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " is needed by the storage tests: " + e.getMessage(), e);
        }
    }
}
