package dev.runbook.decisions.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import dev.runbook.decisions.domain.ModelState;

/** One version of a DMN model as stored, without its content (read apart: it is the large part). */
public record ModelVersionRow(String model, int version, String sha256, String author, String reason, Instant createdAt,
                              Integer parentVersion, ModelState state, boolean valid, String approvedBy,
                              Instant approvedAt, String publishedBy, Instant publishedAt) {

    static final String COLUMNS = "model, version, sha256, author, reason, created_at, parent_version, state, valid, "
            + "approved_by, approved_at, published_by, published_at";

    static ModelVersionRow read(ResultSet rs) throws SQLException {
        int parent = rs.getInt("parent_version");
        Integer parentVersion = rs.wasNull() ? null : parent;
        return new ModelVersionRow(rs.getString("model"), rs.getInt("version"), rs.getString("sha256"),
                rs.getString("author"), rs.getString("reason"), Json.instant(rs, "created_at"),
                parentVersion, ModelState.valueOf(rs.getString("state")), rs.getBoolean("valid"),
                rs.getString("approved_by"), Json.instant(rs, "approved_at"), rs.getString("published_by"),
                Json.instant(rs, "published_at"));
    }
}
