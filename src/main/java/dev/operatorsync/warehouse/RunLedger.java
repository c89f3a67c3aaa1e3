package dev.operatorsync.warehouse;

import dev.operatorsync.config.HostName;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code sync_runs} table: one row per sync, backfill or replay. Pages add their counts through PageWriter. */
public final class RunLedger {
    static final String ABANDONED = "the process ended before the run finished";
    private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);
    static final String HOST = HostName.get();
    private static final long PID = ProcessHandle.current().pid();
    /** The default instance id: host name and process id. */
    public static final String DEFAULT_INSTANCE = HOST + "-" + PID;
    private static final Set<String> KINDS = Set.of("sync", "backfill", "replay", "webhook", "reconcile");

    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;
    private final Runnable afterFinish;
    private final RunHeartbeat heartbeat;
    private final String instance;

    /**
     * @param afterFinish runs once a run's end is committed (DuckDB checkpoints there)
     * @param heartbeat keeps the leases of the runs this process starts
     * @param instance names this process in the runs it starts
     */
    RunLedger(ConnectionOpener opener, SqlFiles sql, Lock writeLock, Runnable afterFinish, RunHeartbeat heartbeat, String instance) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
        this.afterFinish = afterFinish;
        this.heartbeat = heartbeat;
        this.instance = instance;
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
            insert.setLong(5, PID);
            insert.setString(6, instance);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                long runId = rs.getLong(1);
                heartbeat.hold(runId);
                return runId;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Closes a run this process started. A run that another process closed meanwhile as lost (this one stalled past
     * its lease) keeps what that process wrote: this one's outcome is only logged.
     *
     * @param status {@code succeeded} or {@code failed}
     */
    public void finish(long runId, String status, int streams, String error) throws SQLException {
        finish(runId, status, streams, 0, error);
    }

    /** @param streamsSkipped streams the run left to another run that was loading them */
    public void finish(long runId, String status, int streams, int streamsSkipped, String error) throws SQLException {
        int updated = Jdbc.update(opener, sql, writeLock, "finish_run", update -> {
            update.setString(1, status);
            update.setInt(2, streams);
            update.setInt(3, streamsSkipped);
            Jdbc.setString(update, 4, error);
            update.setLong(5, runId);
        });
        heartbeat.release(runId);
        if (updated != 1) {
            RunRecord closed = find(runId).orElseThrow(() -> new SQLException("sync_runs has no run " + runId));
            LOG.warn("run {} ended {}, but another process had closed it meanwhile as {}: {}", runId, status, closed.status(),
                    closed.error());
            return;
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
     * Fails the runs still {@code running} whose process is gone: those whose heartbeat lapsed, wherever they ran,
     * and at once those of a process on this host that has ended (or whose pid this process now has: a restarted
     * container), so a run killed a moment ago on this host does not wait out its lease.
     *
     * @return how many runs were closed
     */
    public int closeAbandoned() throws SQLException {
        int closed = Jdbc.update(opener, sql, writeLock, "close_lapsed_runs",
                update -> update.setDouble(1, heartbeat.lapse().toMillis() / 1000.0));
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
            try (PreparedStatement update = connection.prepareStatement(sql.get("abandon_run"))) {
                for (Map.Entry<Long, Long> run : pidByRun.entrySet()) {
                    long pid = run.getValue();
                    boolean alive = pid == PID ? heartbeat.holds(run.getKey())
                            : ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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

    /**
     * Fails the runs this very process started and has not finished, with {@code error}: what an interrupted
     * command does when its runs could not close themselves in time.
     *
     * @return the ids of the runs it closed
     */
    public List<Long> closeOwn(String error) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open()) {
            List<Long> own = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.get("running_runs_on_host"))) {
                select.setString(1, HOST);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        // Held by this process's heartbeat: a run of an earlier process with the same pid (a restarted
                        // container) is not this one's to call interrupted.
                        if (heartbeat.holds(rs.getLong("run_id"))) {
                            own.add(rs.getLong("run_id"));
                        }
                    }
                }
            }
            List<Long> closed = new ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement(sql.get("abandon_run"))) {
                for (long runId : own) {
                    update.setString(1, error);
                    update.setLong(2, runId);
                    if (update.executeUpdate() == 1) {
                        closed.add(runId);
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
}
