package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * What a reconcile keeps in the warehouse: the ids each window's listing served ({@code reconcile_listed}, until
 * the window is compared with the table) and its counts in its {@code sync_runs} row. The comparison itself and
 * the marking of rows are the route's (Camel sql, routes/reconcile.camel.yaml).
 */
public final class ReconcileStore {
    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;
    private final Stager stager;

    ReconcileStore(ConnectionOpener opener, SqlFiles sql, Lock writeLock, Stager stager) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
        this.stager = stager;
    }

    /** The ids one page of the window's listing served. */
    public void recordListed(String windowKey, long runId, String[] ids) throws SQLException {
        if (ids.length == 0) {
            return;
        }
        writeLock.lock();
        try (Connection connection = opener.open();
             PreparedStatement insert = connection.prepareStatement(sql.get("reconcile_record_listed"))) {
            insert.setString(1, windowKey);
            insert.setLong(2, runId);
            insert.setArray(3, stager.idArray(connection, ids));
            insert.executeUpdate();
        } finally {
            writeLock.unlock();
        }
    }

    /** The window is compared: its listed ids go. */
    public void forgetWindow(String windowKey) throws SQLException {
        Jdbc.update(opener, sql, writeLock, "reconcile_forget_window", delete -> delete.setString(1, windowKey));
    }

    /** What killed reconciles left behind (call after closing abandoned runs). */
    public void forgetFinished() throws SQLException {
        Jdbc.update(opener, sql, writeLock, "reconcile_forget_finished", delete -> { });
    }

    /** The oldest created_at the table holds, where a reconcile of everything starts its windows. */
    public Optional<Instant> earliestCreatedAt() throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("reconcile_earliest"));
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.ofNullable(Jdbc.getInstant(rs, 1)) : Optional.empty();
        }
    }

    /**
     * Writes the reconcile's own counts into its run's row, before the run closes; {@code missing} is what its
     * listing inserted. {@code requests} and {@code retries} are those of its {@code GET /conversations/{id}}.
     */
    public void finish(long runId, long listed, long deleted, long restored, long requests, long retries) throws SQLException {
        Jdbc.update(opener, sql, writeLock, "reconcile_finish", update -> {
            update.setLong(1, listed);
            update.setLong(2, deleted);
            update.setLong(3, restored);
            update.setLong(4, requests);
            update.setLong(5, retries);
            update.setLong(6, runId);
        });
    }

    /** The reconcile run {@code runId}, or the latest one when null. */
    public Optional<ReconcileRecord> find(Long runId) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("reconcile_run"))) {
            Jdbc.setLong(select, 1, runId);
            Jdbc.setLong(select, 2, runId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ReconcileRecord(rs.getLong("run_id"), rs.getString("status"), Jdbc.getInstant(rs, "started_at"),
                        Jdbc.getInstant(rs, "finished_at"), Jdbc.getInstant(rs, "window_start"), Jdbc.getInstant(rs, "window_end"),
                        rs.getLong("listed"), rs.getLong("missing"), rs.getLong("deleted"), rs.getLong("restored"),
                        rs.getLong("dead_lettered"), rs.getString("error")));
            }
        }
    }
}
