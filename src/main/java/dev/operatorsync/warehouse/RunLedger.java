package dev.operatorsync.warehouse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/** The {@code sync_runs} table: one row per sync, backfill or replay. Pages add their counts through PageWriter. */
public final class RunLedger {
    static final String ABANDONED = "the process ended before the run finished";
    private static final Set<String> KINDS = Set.of("sync", "backfill", "replay", "webhook");
    /** Looked up once: the name cannot change under a running process, and the lookup may wait on DNS. */
    private static final String HOST = hostName();

    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;
    private final Runnable afterFinish;

    /** @param afterFinish runs once a run's end is committed (DuckDB checkpoints there) */
    RunLedger(ConnectionOpener opener, SqlFiles sql, Lock writeLock, Runnable afterFinish) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
        this.afterFinish = afterFinish;
    }

    /** @param kind {@code sync}, {@code backfill}, {@code replay} or {@code webhook}; the run starts as {@code running}. */
    public long start(String kind, Instant windowStart, Instant windowEnd) throws SQLException {
        if (!KINDS.contains(kind)) {
            // PostgreSQL's CHECK says the same; DuckDB lost its CHECK on kind in V7 (it cannot alter one), so it is said here too.
            throw new SQLException("sync_runs.kind must be one of " + KINDS + ", got '" + kind + "'", "23514");
        }
        writeLock.lock();
        try (Connection connection = opener.open();
             PreparedStatement insert = connection.prepareStatement(sql.get("start_run"))) {
            insert.setString(1, kind);
            Jdbc.setInstant(insert, 2, windowStart);
            Jdbc.setInstant(insert, 3, windowEnd);
            insert.setString(4, HOST);
            insert.setLong(5, ProcessHandle.current().pid());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** @param status {@code succeeded} or {@code failed} */
    public void finish(long runId, String status, int streams, String error) throws SQLException {
        int updated = Jdbc.update(opener, sql, writeLock, "finish_run", update -> {
            update.setString(1, status);
            update.setInt(2, streams);
            Jdbc.setString(update, 3, error);
            update.setLong(4, runId);
        });
        if (updated != 1) {
            throw new SQLException("sync_runs has no run " + runId);
        }
        afterFinish.run();
    }

    public Optional<RunRecord> find(long runId) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("find_run"))) {
            select.setLong(1, runId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The latest runs first. */
    public List<RunRecord> recent(int limit) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("recent_runs"))) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                List<RunRecord> runs = new ArrayList<>();
                while (rs.next()) {
                    runs.add(read(rs));
                }
                return runs;
            }
        }
    }

    /**
     * Fails the runs still {@code running} that were started on this host by a process that is gone.
     * Runs of other hosts are left alone: their processes cannot be seen from here.
     *
     * @return how many runs were closed
     */
    public int closeAbandoned() throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open()) {
            Map<Long, Long> pidByRun = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(sql.get("running_runs_on_host"))) {
                select.setString(1, HOST);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        pidByRun.put(rs.getLong("run_id"), rs.getLong("pid"));
                    }
                }
            }
            int closed = 0;
            try (PreparedStatement update = connection.prepareStatement(sql.get("abandon_run"))) {
                for (Map.Entry<Long, Long> run : pidByRun.entrySet()) {
                    boolean alive = ProcessHandle.of(run.getValue()).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        update.setString(1, ABANDONED);
                        update.setLong(2, run.getKey());
                        closed += update.executeUpdate();
                    }
                }
            }
            return closed;
        } finally {
            writeLock.unlock();
        }
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        RunCounts counts = new RunCounts(rs.getInt("streams"), rs.getInt("pages"), rs.getInt("requests"),
                rs.getInt("retries"), rs.getLong("fetched"), rs.getLong("inserted"), rs.getLong("updated"),
                rs.getLong("unchanged"), rs.getLong("dead_lettered"),
                Math.round(rs.getDouble("rate_limit_wait_seconds") * 1000));
        return new RunRecord(rs.getLong("run_id"), rs.getString("kind"), rs.getString("status"),
                Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "finished_at"),
                Jdbc.getInstant(rs, "window_start"), Jdbc.getInstant(rs, "window_end"), counts, rs.getString("error"));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv != null ? fromEnv : "unknown";
        }
    }
}
