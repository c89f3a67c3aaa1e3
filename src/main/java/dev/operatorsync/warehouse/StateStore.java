package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/** Reads the streams' watermarks and resume points, and records how each stream's last run ended. */
public final class StateStore {
    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;

    StateStore(ConnectionOpener opener, SqlFiles sql, Lock writeLock) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
    }

    public Optional<StreamState> find(String streamId) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("find_stream_state"))) {
            select.setString(1, streamId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<StreamState> all() throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("all_stream_states"));
             ResultSet rs = select.executeQuery()) {
            List<StreamState> states = new ArrayList<>();
            while (rs.next()) {
                states.add(read(rs));
            }
            return states;
        }
    }

    /** Sets last_run_id, last_status, last_error and, when it succeeded, last_success_at = now. */
    public void recordStreamOutcome(String streamId, String operatorId, String field, long runId, boolean succeeded,
                                    String error) throws SQLException {
        Jdbc.update(opener, sql, writeLock, "record_stream_outcome", upsert -> {
            upsert.setString(1, streamId);
            Jdbc.setString(upsert, 2, operatorId);
            Jdbc.setString(upsert, 3, field);
            upsert.setLong(4, runId);
            upsert.setString(5, succeeded ? "succeeded" : "failed");
            upsert.setBoolean(6, succeeded);
            Jdbc.setString(upsert, 7, error);
        });
    }

    /** Gives a stream its first watermark unless it already has a state row. */
    public void initializeWatermark(String streamId, String operatorId, String field, Instant watermark) throws SQLException {
        Jdbc.update(opener, sql, writeLock, "initialize_watermark", insert -> {
            insert.setString(1, streamId);
            Jdbc.setString(insert, 2, operatorId);
            insert.setString(3, field);
            Jdbc.setInstant(insert, 4, watermark);
        });
    }

    /** The created_at of the owner's oldest conversation created at or after {@code horizon} that is not yet final. */
    public Optional<Instant> oldestOpenConversation(String operatorId, Instant horizon) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("oldest_open_conversation"))) {
            Jdbc.setString(select, 1, operatorId);
            Jdbc.setString(select, 2, operatorId);
            Jdbc.setInstant(select, 3, horizon);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.ofNullable(Jdbc.getInstant(rs, 1)) : Optional.empty();
            }
        }
    }

    private static StreamState read(ResultSet rs) throws SQLException {
        return new StreamState(rs.getString("stream_id"), rs.getString("operator_id"), rs.getString("field"),
                Jdbc.getInstant(rs, "watermark"), Jdbc.getInstant(rs, "window_start"),
                Jdbc.getInstant(rs, "window_end"), rs.getString("resume_cursor"), Jdbc.getLong(rs, "last_run_id"),
                rs.getString("last_status"), Jdbc.getInstant(rs, "last_success_at"), rs.getString("last_error"));
    }
}
