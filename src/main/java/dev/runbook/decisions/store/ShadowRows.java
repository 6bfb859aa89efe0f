package dev.runbook.decisions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How {@code model_shadow} and {@code model_shadow_difference} are read and written, inside a transaction the caller
 * holds. The stored end of a shadow is what counts: an evaluation is recorded only if its decision was taken before
 * it, whatever a replica's copy of the shadows said.
 */
@ApplicationScoped
public class ShadowRows {

    /** Differences kept per shadow, newest first; older ones are dropped as new ones come (the counts stay). */
    public static final int DIFFERENCES_KEPT = 500;

    private static final String COLUMNS = "model, version, started_by, started_at, ends_at, evaluated, differing, failed";

    private final ObjectMapper json;

    public ShadowRows(ObjectMapper json) {
        this.json = json;
    }

    /** A shadow as stored; its counts cover every period the version was shadowed. */
    public record Shadow(String model, int version, String startedBy, Instant startedAt, Instant endsAt, long evaluated,
                         long differing, long failed) {
    }

    /** A decision the shadowed version decided differently; {@code after} is null when it would have rejected the alert. */
    public record Difference(String decisionId, Instant at, String service, JsonNode before, JsonNode after) {
    }

    /**
     * Shadows {@code version} until {@code endsAt}: a new shadow, or a new period of one that ran before, keeping its
     * counts. The version's row is locked first, so two starts of one shadow queue instead of racing on the insert.
     */
    public void start(Connection connection, String model, int version, String by, Instant at, Instant endsAt) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT version FROM model_version WHERE model = ? AND version = ? FOR UPDATE")) {
            lock.setString(1, model);
            lock.setInt(2, version);
            if (Rows.all(lock, rs -> rs.getInt(1)).isEmpty()) {
                throw new NotFoundInStoreException("version of dmn/" + model + ".dmn", String.valueOf(version));
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE model_shadow SET started_by = ?, started_at = ?, ends_at = ? WHERE model = ? AND version = ?")) {
            update.setString(1, by);
            update.setObject(2, Json.utc(at));
            update.setObject(3, Json.utc(endsAt));
            update.setString(4, model);
            update.setInt(5, version);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_shadow (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, 0, 0, 0)")) {
            insert.setString(1, model);
            insert.setInt(2, version);
            insert.setString(3, by);
            insert.setObject(4, Json.utc(at));
            insert.setObject(5, Json.utc(endsAt));
            insert.executeUpdate();
        }
    }

    /** Ends a running shadow at {@code at}; what it recorded stays readable. */
    public void stop(Connection connection, String model, int version, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE model_shadow SET ends_at = ? WHERE model = ? AND version = ? AND ends_at > ?")) {
            update.setObject(1, Json.utc(at));
            update.setString(2, model);
            update.setInt(3, version);
            update.setObject(4, Json.utc(at));
            update.executeUpdate();
        }
    }

    /** Every shadow still running at {@code at}: what each replica evaluates. */
    public List<Shadow> running(Connection connection, Instant at) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM model_shadow WHERE ends_at > ? ORDER BY model, version")) {
            select.setObject(1, Json.utc(at));
            return Rows.all(select, ShadowRows::shadow);
        }
    }

    public Optional<Shadow> find(Connection connection, String model, int version) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM model_shadow WHERE model = ? AND version = ?")) {
            select.setString(1, model);
            select.setInt(2, version);
            return Rows.all(select, ShadowRows::shadow).stream().findFirst();
        }
    }

    /** The newest {@code limit} differences of a shadow, newest first. */
    public List<Difference> differences(Connection connection, String model, int version, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT decision_id, decided_at, service, before_outcome, "
                + "after_outcome FROM model_shadow_difference WHERE model = ? AND version = ? ORDER BY decided_at DESC, decision_id LIMIT ?")) {
            select.setString(1, model);
            select.setInt(2, version);
            select.setInt(3, limit);
            return Rows.all(select, rs -> new Difference(rs.getString("decision_id"), Json.instant(rs, "decided_at"),
                    rs.getString("service"), Json.read(json, rs.getString("before_outcome")), Json.read(json, rs.getString("after_outcome"))));
        }
    }

    /** What evaluating one decision with a shadow came to, and the counts it adds to. */
    public enum Evaluation {
        SAME("evaluated = evaluated + 1"),
        DIFFERING("evaluated = evaluated + 1, differing = differing + 1"),
        FAILED("failed = failed + 1");

        private final String counts;

        Evaluation(String counts) {
            this.counts = counts;
        }
    }

    /**
     * Counts one evaluation of a decision taken at {@code decidedAt}; answers false, counting nothing, when the shadow
     * had ended by then (stopped, or expired, whatever a replica's copy of the shadows said).
     */
    public boolean count(Connection connection, String model, int version, Instant decidedAt, Evaluation evaluation) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE model_shadow SET " + evaluation.counts
                + " WHERE model = ? AND version = ? AND ends_at > ?")) {
            update.setString(1, model);
            update.setInt(2, version);
            update.setObject(3, Json.utc(decidedAt));
            return update.executeUpdate() == 1;
        }
    }

    /** Keeps a difference the caller has counted, dropping the oldest beyond {@link #DIFFERENCES_KEPT}. */
    public void keep(Connection connection, String model, int version, String decisionId, Instant decidedAt, String service,
                     Object before, Object after) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_shadow_difference (model, version, "
                + "decision_id, decided_at, service, before_outcome, after_outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, model);
            insert.setInt(2, version);
            insert.setString(3, decisionId);
            insert.setObject(4, Json.utc(decidedAt));
            insert.setString(5, service);
            insert.setString(6, Json.write(json, before));
            insert.setString(7, Json.write(json, after));
            insert.executeUpdate();
        }
        dropOldest(connection, model, version);
    }

    /** Keeps the newest {@link #DIFFERENCES_KEPT} (ties at the edge all stay): a long shadow must not fill the store. */
    private static void dropOldest(Connection connection, String model, int version) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM model_shadow_difference WHERE model = ? AND version = ? "
                + "AND decided_at < (SELECT decided_at FROM model_shadow_difference WHERE model = ? AND version = ? "
                + "ORDER BY decided_at DESC LIMIT 1 OFFSET " + (DIFFERENCES_KEPT - 1) + ")")) {
            delete.setString(1, model);
            delete.setInt(2, version);
            delete.setString(3, model);
            delete.setInt(4, version);
            delete.executeUpdate();
        }
    }

    private static Shadow shadow(ResultSet rs) throws SQLException {
        return new Shadow(rs.getString("model"), rs.getInt("version"), rs.getString("started_by"),
                Json.instant(rs, "started_at"), Json.instant(rs, "ends_at"), rs.getLong("evaluated"), rs.getLong("differing"),
                rs.getLong("failed"));
    }
}
