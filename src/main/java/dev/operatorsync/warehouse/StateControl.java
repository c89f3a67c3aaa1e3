package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * Rewinds the incremental watermarks ({@code state reset}).
 *
 * <p>Which streams a sync holds: a sync run plans and loads every configured stream, so while a
 * {@code sync} row of {@code sync_runs} is {@code running} it holds them all. Rows left {@code running} by a
 * process that died on this host are closed first ({@link RunLedger#closeAbandoned()}, via ProcessHandle); a
 * row of another host counts as held until that host closes it. This needs no extra column and no change
 * to the sync path. On PostgreSQL the check and the rewind run in one transaction that holds a SHARE lock on
 * {@code sync_runs}, so a sync starting meanwhile waits for the reset and then plans from the rewound
 * watermarks. A DuckDB file is open in one process at a time, so there a running service keeps this
 * command from opening the warehouse at all.
 */
public final class StateControl {
    /** A sync that holds the streams. */
    public record RunningSync(long runId, String host, long pid) {
    }

    /** Thrown when a sync holds the streams; nothing was changed. */
    public static final class StreamsHeldException extends RuntimeException {
        private final List<RunningSync> holders;

        StreamsHeldException(List<RunningSync> holders) {
            super("a sync holds the streams: " + describe(holders) + "; wait for it to finish (the service's runs are short) and try again");
            this.holders = List.copyOf(holders);
        }

        public List<RunningSync> holders() {
            return holders;
        }

        private static String describe(List<RunningSync> holders) {
            List<String> parts = new ArrayList<>();
            for (RunningSync s : holders) {
                parts.add("run " + s.runId() + " (host " + s.host() + ", pid " + s.pid() + ")");
            }
            return String.join(", ", parts);
        }
    }

    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;
    private final Dialect dialect;

    StateControl(ConnectionOpener opener, SqlFiles sql, Lock writeLock, Dialect dialect) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
        this.dialect = dialect;
    }

    public List<RunningSync> runningSyncs() throws SQLException {
        try (Connection connection = opener.open()) {
            return runningSyncs(connection);
        }
    }

    /**
     * Rewinds the given streams' watermarks to {@code to} (never forward), or clears them when {@code to} is
     * null, and drops their interrupted windows; in one transaction. A stream already at or before {@code to} (or, with
     * null, already at the beginning) is left as it is.
     *
     * @return how many streams moved
     * @throws StreamsHeldException when a sync is running; nothing changes then
     */
    public int reset(List<String> streamIds, Instant to) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open()) {
            connection.setAutoCommit(false);
            try {
                if (dialect == Dialect.POSTGRESQL) {
                    try (Statement lock = connection.createStatement()) {
                        lock.execute(sql.get("lock_runs_for_reset"));
                    }
                }
                List<RunningSync> holders = runningSyncs(connection);
                if (!holders.isEmpty()) {
                    throw new StreamsHeldException(holders);
                }
                int changed = 0;
                try (PreparedStatement reset = connection.prepareStatement(sql.get("reset_stream"))) {
                    for (String streamId : streamIds) {
                        Jdbc.setInstant(reset, 1, to);
                        Jdbc.setInstant(reset, 2, to);
                        reset.setString(3, streamId);
                        Jdbc.setInstant(reset, 4, to);
                        Jdbc.setInstant(reset, 5, to);
                        changed += reset.executeUpdate();
                    }
                }
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private List<RunningSync> runningSyncs(Connection connection) throws SQLException {
        List<RunningSync> running = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.get("running_syncs"));
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                running.add(new RunningSync(rs.getLong(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return running;
    }
}
