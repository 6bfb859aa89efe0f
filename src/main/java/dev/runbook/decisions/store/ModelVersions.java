package dev.runbook.decisions.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.runbook.decisions.domain.ModelState;

/**
 * How {@code model_version} and {@code model_published} are read and written, inside a transaction the caller holds:
 * a publish changes the pointer, the two versions' states and appends its audit record in one commit.
 */
@ApplicationScoped
public class ModelVersions {

    /** The published version of a model and its hash, as every replica compares it with what it decides with. */
    public record Published(String model, int version, String sha256) {
    }

    /** Every model's published version, by model name. */
    public Map<String, Published> published(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT model, version, sha256 FROM model_published ORDER BY model")) {
            Map<String, Published> byModel = new LinkedHashMap<>();
            Rows.all(select, ModelVersions::published).forEach(p -> byModel.put(p.model(), p));
            return byModel;
        }
    }

    /**
     * The model's published version, its pointer row locked until the transaction ends: publishes and new drafts of
     * one model queue here, on every replica. Empty for a model never published (then nothing is locked: the insert
     * of its first pointer is what two replicas race on, and the primary key settles it).
     */
    public Optional<Published> lockPublished(Connection connection, String model) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT model, version, sha256 FROM model_published WHERE model = ? FOR UPDATE")) {
            select.setString(1, model);
            return Rows.all(select, ModelVersions::published).stream().findFirst();
        }
    }

    private static Published published(ResultSet rs) throws SQLException {
        return new Published(rs.getString(1), rs.getInt(2), rs.getString(3));
    }

    /** The published version of every model, whole. */
    public List<ModelVersionRow> publishedRows(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ModelVersionRow.COLUMNS.replaceAll("(\\w+)", "v.$1")
                + " FROM model_version v JOIN model_published p ON p.model = v.model AND p.version = v.version ORDER BY v.model")) {
            return Rows.all(select, ModelVersionRow::read);
        }
    }

    public List<ModelVersionRow> list(Connection connection, String model) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ModelVersionRow.COLUMNS
                + " FROM model_version WHERE model = ? ORDER BY version DESC")) {
            select.setString(1, model);
            return Rows.all(select, ModelVersionRow::read);
        }
    }

    public Optional<ModelVersionRow> find(Connection connection, String model, int version) throws SQLException {
        return ofVersion(connection, ModelVersionRow.COLUMNS, model, version, ModelVersionRow::read);
    }

    /** The DMN document of one version, exactly as it was uploaded. */
    public Optional<byte[]> content(Connection connection, String model, int version) throws SQLException {
        return ofVersion(connection, "content", model, version, rs -> rs.getString(1).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The report stored with a version when it was created (validation and samples), as JSON text. A version deployed
     * or rolled back to has none: its content was checked when first stored.
     */
    public Optional<String> report(Connection connection, String model, int version) throws SQLException {
        return ofVersion(connection, "report", model, version, rs -> Optional.ofNullable(rs.getString(1))).flatMap(r -> r);
    }

    private static <T> Optional<T> ofVersion(Connection connection, String columns, String model, int version,
                                             Rows.Reader<T> reader) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + columns
                + " FROM model_version WHERE model = ? AND version = ?")) {
            select.setString(1, model);
            select.setInt(2, version);
            return Rows.all(select, reader).stream().findFirst();
        }
    }

    /** The newest version {@code author} created: for `deploy`, the last shipped file that was published. */
    public Optional<ModelVersionRow> latestBy(Connection connection, String model, String author) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ModelVersionRow.COLUMNS
                + " FROM model_version WHERE model = ? AND author = ? ORDER BY version DESC LIMIT 1")) {
            select.setString(1, model);
            select.setString(2, author);
            return Rows.all(select, ModelVersionRow::read).stream().findFirst();
        }
    }

    /** Stores a new version numbered one above the model's newest; answers its number. */
    public int insert(Connection connection, String model, byte[] content, String sha256, String author, String reason,
                      Integer parentVersion, ModelState state, boolean valid, String report, Instant at) throws SQLException {
        int version;
        try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM model_version WHERE model = ?")) {
            select.setString(1, model);
            version = Rows.all(select, rs -> rs.getInt(1)).get(0);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_version (model, version, content, "
                + "sha256, author, reason, created_at, parent_version, state, valid, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, model);
            insert.setInt(2, version);
            insert.setString(3, new String(content, StandardCharsets.UTF_8));
            insert.setString(4, sha256);
            insert.setString(5, author);
            insert.setString(6, reason);
            insert.setObject(7, Json.utc(at));
            insert.setObject(8, parentVersion);
            insert.setString(9, state.name());
            insert.setBoolean(10, valid);
            insert.setString(11, report);
            insert.executeUpdate();
        }
        return version;
    }

    public void approve(Connection connection, String model, int version, String approver, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE model_version SET approved_by = ?, approved_at = ? WHERE model = ? AND version = ?")) {
            update.setString(1, approver);
            update.setObject(2, Json.utc(at));
            update.setString(3, model);
            update.setInt(4, version);
            update.executeUpdate();
        }
    }

    /**
     * Makes {@code version} the published one: the version published until now is RETIRED, the pointer moves. The
     * caller holds the pointer's lock ({@link #lockPublished}) and has checked the version may be published.
     */
    public void publish(Connection connection, String model, int version, String sha256, Optional<Published> previous,
                        String publisher, Instant at) throws SQLException {
        if (previous.isPresent()) {
            setState(connection, model, previous.get().version(), ModelState.RETIRED);
            try (PreparedStatement update = connection.prepareStatement("UPDATE model_published SET version = ?, sha256 = ? WHERE model = ?")) {
                update.setInt(1, version);
                update.setString(2, sha256);
                update.setString(3, model);
                update.executeUpdate();
            }
        } else {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_published (model, version, sha256) VALUES (?, ?, ?)")) {
                insert.setString(1, model);
                insert.setInt(2, version);
                insert.setString(3, sha256);
                insert.executeUpdate();
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE model_version SET state = ?, published_by = ?, published_at = ? WHERE model = ? AND version = ?")) {
            update.setString(1, ModelState.PUBLISHED.name());
            update.setString(2, publisher);
            update.setObject(3, Json.utc(at));
            update.setString(4, model);
            update.setInt(5, version);
            update.executeUpdate();
        }
    }

    private static void setState(Connection connection, String model, int version, ModelState state) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE model_version SET state = ? WHERE model = ? AND version = ?")) {
            update.setString(1, state.name());
            update.setString(2, model);
            update.setInt(3, version);
            update.executeUpdate();
        }
    }

    /** Deletes a draft; answers whether one was deleted (a version that is not a draft is never deleted). */
    public boolean deleteDraft(Connection connection, String model, int version) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM model_version WHERE model = ? AND version = ? AND state = '" + ModelState.DRAFT + "'")) {
            delete.setString(1, model);
            delete.setInt(2, version);
            return delete.executeUpdate() == 1;
        }
    }
}
