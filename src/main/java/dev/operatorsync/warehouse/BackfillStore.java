package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * The {@code backfills} and {@code backfill_windows} tables. A window's page progress is written by
 * {@link PageWriter} with the page's rows; everything else about a backfill goes through here.
 */
public final class BackfillStore {
    /** A window to create: [start, end) for one operator, or for the account when {@code operatorId} is null. */
    public record WindowSpec(String operatorId, Instant start, Instant end) {
    }

    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;

    BackfillStore(ConnectionOpener opener, SqlFiles sql, Lock writeLock) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
    }

    /** A backfill accepted over the admin API whose instance is lost ({@link #orphaned}). */
    public record Orphan(long backfillId, String instance) {
    }

    /**
     * Creates the backfill, its windows not yet planned ({@link #plan}); returns its id.
     *
     * @param windows how many windows it has in all, for its progress
     * @param instance the instance that runs it (cluster.instance-id)
     */
    public long create(Instant from, Instant to, String operatorId, long windowSeconds, long windows, String requestedBy,
                       long runId, String instance) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open();
             PreparedStatement insert = connection.prepareStatement(sql.get("insert_backfill"))) {
            Jdbc.setInstant(insert, 1, from);
            Jdbc.setInstant(insert, 2, to);
            Jdbc.setString(insert, 3, operatorId);
            insert.setLong(4, windowSeconds);
            insert.setLong(5, windows);
            insert.setString(6, requestedBy);
            insert.setLong(7, runId);
            insert.setString(8, instance);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Plans one stretch of a backfill: the windows of {@code wanted} that start in [from, to) and have no row yet get
     * one, pending, in one transaction; returns every window of that stretch (done, pending or failed), in order.
     */
    public List<BackfillWindow> plan(long backfillId, Instant from, Instant to, List<WindowSpec> wanted) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open()) {
            connection.setAutoCommit(false);
            try {
                Set<String> planned = new HashSet<>();
                for (BackfillWindow w : windows(connection, backfillId, from, to)) {
                    planned.add(w.operatorId() + "@" + w.start());
                }
                try (PreparedStatement insert = connection.prepareStatement(sql.get("insert_backfill_window"))) {
                    for (WindowSpec w : wanted) {
                        if (!planned.contains(w.operatorId() + "@" + w.start())) {
                            insert.setLong(1, backfillId);
                            Jdbc.setString(insert, 2, w.operatorId());
                            Jdbc.setInstant(insert, 3, w.start());
                            Jdbc.setInstant(insert, 4, w.end());
                            insert.addBatch();
                        }
                    }
                    insert.executeBatch();
                }
                List<BackfillWindow> windows = windows(connection, backfillId, from, to);
                connection.commit();
                return windows;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The latest backfill with exactly these arguments that has not succeeded, to continue it. */
    public Optional<Long> unfinished(Instant from, Instant to, String operatorId, long windowSeconds) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("unfinished_backfill"))) {
            Jdbc.setInstant(select, 1, from);
            Jdbc.setInstant(select, 2, to);
            Jdbc.setString(select, 3, operatorId);
            Jdbc.setString(select, 4, operatorId);
            select.setLong(5, windowSeconds);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Marks a backfill running again under a new invocation's run, on {@code instance}. */
    public void restart(long backfillId, long runId, String instance) throws SQLException {
        update("restart_backfill", ps -> {
            ps.setLong(1, runId);
            ps.setString(2, instance);
            ps.setLong(3, backfillId);
        });
    }

    /**
     * Shared warehouse only (its Quartz check-ins tell who is alive): the running backfills accepted over the admin API
     * by another instance that has stopped checking in.
     *
     * @param nowMillis now by this process's clock, as Quartz compares check-ins
     */
    public List<Orphan> orphaned(String self, long nowMillis) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("orphaned_backfills"))) {
            select.setString(1, self);
            select.setLong(2, nowMillis);
            try (ResultSet rs = select.executeQuery()) {
                List<Orphan> orphans = new ArrayList<>();
                while (rs.next()) {
                    orphans.add(new Orphan(rs.getLong(1), rs.getString(2)));
                }
                return orphans;
            }
        }
    }

    /**
     * Makes {@code self} the orphan's instance and closes the lost instance's run of it as failed, in one transaction;
     * false when another instance claimed it first (or it ended meanwhile).
     */
    public boolean claim(Orphan orphan, String self) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open()) {
            connection.setAutoCommit(false);
            try {
                int claimed;
                try (PreparedStatement update = connection.prepareStatement(sql.get("claim_backfill"))) {
                    update.setString(1, self);
                    update.setLong(2, orphan.backfillId());
                    update.setString(3, orphan.instance());
                    claimed = update.executeUpdate();
                }
                if (claimed == 1) {
                    try (PreparedStatement abandon = connection.prepareStatement(sql.get("abandon_backfill_run"))) {
                        abandon.setString(1, "instance " + orphan.instance() + " was lost; " + self + " took the backfill over");
                        abandon.setLong(2, orphan.backfillId());
                        abandon.executeUpdate();
                    }
                }
                connection.commit();
                return claimed == 1;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** @param status {@code succeeded} or {@code failed} */
    public void finish(long backfillId, String status, String error) throws SQLException {
        update("finish_backfill", ps -> {
            ps.setString(1, status);
            Jdbc.setString(ps, 2, error);
            ps.setLong(3, backfillId);
        });
    }

    /** Fails the backfill that run {@code runId} was loading, unless it finished meanwhile. */
    public void interrupted(long runId, String error) throws SQLException {
        update("interrupt_backfill", ps -> {
            ps.setString(1, error);
            ps.setLong(2, runId);
        });
    }

    public void windowFailed(long windowId, String error) throws SQLException {
        update("fail_backfill_window", ps -> {
            Jdbc.setString(ps, 1, error);
            ps.setLong(2, windowId);
        });
    }

    private List<BackfillWindow> windows(Connection connection, long backfillId, Instant from, Instant to) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql.get("backfill_windows"))) {
            select.setLong(1, backfillId);
            Jdbc.setInstant(select, 2, from);
            Jdbc.setInstant(select, 3, to);
            try (ResultSet rs = select.executeQuery()) {
                List<BackfillWindow> windows = new ArrayList<>();
                while (rs.next()) {
                    windows.add(new BackfillWindow(rs.getLong("window_id"), rs.getString("operator_id"),
                            Jdbc.getInstant(rs, "window_start"), Jdbc.getInstant(rs, "window_end"),
                            rs.getString("resume_cursor"), rs.getString("status"), rs.getInt("pages"), rs.getLong("fetched")));
                }
                return windows;
            }
        }
    }

    public Optional<BackfillRecord> find(long backfillId) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("find_backfill"))) {
            select.setLong(1, backfillId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The latest first. */
    public List<BackfillRecord> recent(int limit) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("recent_backfills"))) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                List<BackfillRecord> records = new ArrayList<>();
                while (rs.next()) {
                    records.add(read(rs));
                }
                return records;
            }
        }
    }

    /**
     * Backfill id to operator id (null: every operator, or the account) of the backfills whose run is still
     * {@code running}; close the runs of dead processes first ({@link RunLedger#closeAbandoned()}).
     */
    public Map<Long, String> running() throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("running_backfills"));
             ResultSet rs = select.executeQuery()) {
            Map<Long, String> running = new LinkedHashMap<>();
            while (rs.next()) {
                running.put(rs.getLong(1), rs.getString(2));
            }
            return running;
        }
    }

    private void update(String name, Jdbc.Binder binder) throws SQLException {
        Jdbc.update(opener, sql, writeLock, name, binder);
    }

    private static BackfillRecord read(ResultSet rs) throws SQLException {
        return new BackfillRecord(rs.getLong("backfill_id"), Jdbc.getInstant(rs, "range_start"),
                Jdbc.getInstant(rs, "range_end"), rs.getString("operator_id"), rs.getLong("window_seconds"),
                rs.getString("status"), rs.getString("requested_by"), Jdbc.getLong(rs, "run_id"),
                Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "finished_at"), rs.getString("error"),
                rs.getString("run_status"), Jdbc.getInstant(rs, "run_started_at"), rs.getLong("run_fetched"),
                rs.getLong("windows"), rs.getLong("windows_done"), rs.getLong("fetched"));
    }
}
