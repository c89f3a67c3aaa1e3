package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The {@code stream_leases} table: which run loads each stream now, so that a stream is loaded by one process at a
 * time whatever started it. A lease lasts while its run is {@code running}; a run whose process is gone is closed
 * by its lapsed heartbeat ({@link RunLedger#closeAbandoned()}), which frees its leases. Fencing needs no check of
 * its own here: a page only commits while its run is running (add_run_counts.sql).
 */
public final class StreamLeases {
    /** The run holding a stream, and the process running it. */
    public record Holder(long runId, String kind, String instance, Instant takenAt) {
    }

    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;

    StreamLeases(ConnectionOpener opener, SqlFiles sql, Lock writeLock) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
    }

    /** Takes {@code streamId} for run {@code runId}; empty when taken, else the live run that holds it. */
    public Optional<Holder> take(String streamId, long runId) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement free = connection.prepareStatement(sql.get("free_stale_stream_lease"))) {
                    free.setString(1, streamId);
                    free.executeUpdate();
                }
                int taken;
                try (PreparedStatement take = connection.prepareStatement(sql.get("take_stream_lease"))) {
                    take.setString(1, streamId);
                    take.setLong(2, runId);
                    taken = take.executeUpdate();
                }
                Optional<Holder> holder = taken == 1 ? Optional.empty() : holder(connection, streamId);
                connection.commit();
                return holder;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } finally {
            writeLock.unlock();
        }
    }

    public void release(String streamId, long runId) throws SQLException {
        Jdbc.update(opener, sql, writeLock, "release_stream_lease", delete -> {
            delete.setString(1, streamId);
            delete.setLong(2, runId);
        });
    }

    /** The instance loading each stream now, by stream id. */
    public Map<String, String> loadingNow() throws SQLException {
        Map<String, String> byStream = new LinkedHashMap<>();
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("running_stream_leases"));
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                byStream.put(rs.getString("stream_id"), rs.getString("instance") + " (run " + rs.getLong("run_id") + ")");
            }
        }
        return byStream;
    }

    private Optional<Holder> holder(Connection connection, String streamId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql.get("stream_lease_holder"))) {
            select.setString(1, streamId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    // Released between the insert and this look: the stream is free again, but not taken by us.
                    return Optional.of(new Holder(0, "unknown", "a run that just ended", Instant.now()));
                }
                return Optional.of(new Holder(rs.getLong("run_id"), rs.getString("kind"), rs.getString("instance"),
                        Jdbc.getInstant(rs, "taken_at")));
            }
        }
    }
}
