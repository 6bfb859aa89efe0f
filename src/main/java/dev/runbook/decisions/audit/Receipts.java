package dev.runbook.decisions.audit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The SQL of event receipts, run inside the caller's transaction; a null event key means "not an event". */
final class Receipts {

    private Receipts() {
    }

    static Receipt find(Connection connection, ObjectMapper json, String eventKey) throws SQLException {
        if (eventKey == null) {
            return null;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT outcome FROM event_receipt WHERE event_key = ?")) {
            select.setString(1, eventKey);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? json.readValue(rs.getString(1), Receipt.class) : null;
            }
        } catch (IOException e) {
            throw new IllegalStateException("A stored receipt is not readable", e);
        }
    }

    static void save(Connection connection, ObjectMapper json, String eventKey, Receipt receipt, Instant now) throws SQLException {
        if (eventKey == null) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO event_receipt (event_key, record_id, received_at, outcome) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, eventKey);
            insert.setString(2, receipt.recordId());
            insert.setObject(3, now.atOffset(ZoneOffset.UTC));
            insert.setString(4, json.writeValueAsString(receipt));
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
