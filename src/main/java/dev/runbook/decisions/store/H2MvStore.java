package dev.runbook.decisions.store;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/** The MVStore (H2's storage engine) behind a connection to an embedded H2 database. */
final class H2MvStore {

    private H2MvStore() {
    }

    static MVStore of(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }
}
