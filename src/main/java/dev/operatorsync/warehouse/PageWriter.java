package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/**
 * Writes pages, each in one transaction with the stream's resume point and the run's counts
 * (guarantee 4). Owns one connection; not thread-safe, so give each thread its own writer.
 */
public final class PageWriter implements AutoCloseable {
    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Stager stager;
    private final Lock writeLock;
    private Connection connection;

    PageWriter(ConnectionOpener opener, SqlFiles sql, Stager stager, Lock writeLock) throws SQLException {
        this.opener = opener;
        this.sql = sql;
        this.stager = stager;
        this.writeLock = writeLock;
        this.connection = openConnection();
    }

    public PageOutcome write(List<ConversationRow> rows, PageCommit commit) throws SQLException {
        return write(rows, List.of(), commit);
    }

    /**
     * Commits the page with the dead letters of its records that did not map, or, on any failure, rolls
     * everything back and rethrows. When the warehouse refuses the page, it is narrowed down to the rows it
     * refuses: those become {@code load} dead letters and the rest commits.
     */
    public PageOutcome write(List<ConversationRow> rows, List<DeadLetter> letters, PageCommit commit) throws SQLException {
        Map<String, ConversationRow> byId = new LinkedHashMap<>();
        for (ConversationRow row : rows) {
            byId.put(row.id(), row); // the last occurrence wins
        }
        writeLock.lock();
        try {
            if (connection == null) {
                connection = openConnection();
            }
            try {
                return commitPage(rows.size(), byId, letters, commit);
            } catch (SQLException refused) {
                rollback(refused);
                if (connection == null) {
                    throw refused;
                }
                Map<ConversationRow, String> refusedRows = new LinkedHashMap<>();
                findRefused(new ArrayList<>(byId.values()), commit.runId(), refusedRows);
                if (refusedRows.isEmpty()) {
                    throw refused;
                }
                List<DeadLetter> all = new ArrayList<>(letters);
                refusedRows.forEach((row, reason) -> {
                    byId.remove(row.id());
                    all.add(DeadLetter.record(DeadLetter.LOAD, commit.operatorId(), row.id(), reason, null, row.rawJson()));
                });
                int written = rows.size() - (int) rows.stream().filter(r -> !byId.containsKey(r.id())).count();
                try {
                    return commitPage(written, byId, all, commit);
                } catch (SQLException | RuntimeException e) {
                    rollback(e);
                    throw e;
                }
            } catch (RuntimeException e) {
                rollback(e);
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private PageOutcome commitPage(int fetched, Map<String, ConversationRow> byId, List<DeadLetter> letters, PageCommit commit)
            throws SQLException {
        PageOutcome outcome = upsert(fetched, byId, commit.runId());
        for (DeadLetter letter : letters) {
            DeadLetterStore.record(connection, sql, letter, commit.runId());
        }
        if (commit.backfillWindowId() != null) {
            saveBackfillProgress(commit, outcome);
        } else if (commit.streamId() != null) {
            saveStreamProgress(commit);
        }
        addRunCounts(commit, outcome, letters.size());
        connection.commit();
        return outcome.withDeadLettered(letters.size());
    }

    /** Tries the rows in halves, each try rolled back, down to the single rows the warehouse refuses, with its reason. */
    private void findRefused(List<ConversationRow> rows, long runId, Map<ConversationRow, String> refused) throws SQLException {
        Map<String, ConversationRow> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        try {
            upsert(rows.size(), byId, runId);
            connection.rollback();
            return;
        } catch (SQLException e) {
            rollback(e);
            if (connection == null) {
                throw e;
            }
            if (rows.size() == 1) {
                refused.put(rows.get(0), e.getMessage());
                return;
            }
        }
        int half = rows.size() / 2;
        findRefused(rows.subList(0, half), runId, refused);
        findRefused(rows.subList(half, rows.size()), runId, refused);
    }

    private PageOutcome upsert(int fetched, Map<String, ConversationRow> byId, long runId) throws SQLException {
        Map<String, String> stored = storedHashes(byId.keySet().toArray(String[]::new));
        List<ConversationRow> changed = new ArrayList<>();
        int absent = 0;
        for (ConversationRow row : byId.values()) {
            if (!stored.containsKey(row.id())) {
                absent++;
                changed.add(row);
            } else if (!Objects.equals(stored.get(row.id()), row.payloadHash())) {
                changed.add(row);
            }
        }
        int affected = 0;
        if (!changed.isEmpty()) {
            stager.stage(connection, changed);
            try (PreparedStatement upsert = connection.prepareStatement(sql.get("upsert_conversations"))) {
                upsert.setLong(1, runId);
                affected = upsert.executeUpdate();
            }
        }
        // A concurrent writer may insert an id between the lookup and the upsert, turning our insert into an update.
        int inserted = Math.min(absent, affected);
        int updated = affected - inserted;
        return new PageOutcome(fetched, inserted, updated, fetched - inserted - updated);
    }

    private Map<String, String> storedHashes(String[] ids) throws SQLException {
        Map<String, String> hashes = new HashMap<>();
        if (ids.length == 0) {
            return hashes;
        }
        try (PreparedStatement select = connection.prepareStatement(sql.get("stored_hashes"))) {
            select.setArray(1, stager.idArray(connection, ids));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    hashes.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return hashes;
    }

    private void saveStreamProgress(PageCommit commit) throws SQLException {
        boolean windowClosed = commit.nextCursor() == null;
        try (PreparedStatement save = connection.prepareStatement(sql.get("save_stream_progress"))) {
            save.setString(1, commit.streamId());
            Jdbc.setString(save, 2, commit.operatorId());
            Jdbc.setString(save, 3, commit.field());
            Jdbc.setInstant(save, 4, windowClosed ? commit.windowEnd() : null);
            Jdbc.setInstant(save, 5, windowClosed ? null : commit.windowStart());
            Jdbc.setInstant(save, 6, windowClosed ? null : commit.windowEnd());
            Jdbc.setString(save, 7, commit.nextCursor());
            save.executeUpdate();
        }
    }

    /** A backfill window's resume point; sync_state and its watermarks stay untouched. */
    private void saveBackfillProgress(PageCommit commit, PageOutcome outcome) throws SQLException {
        try (PreparedStatement save = connection.prepareStatement(sql.get("save_backfill_progress"))) {
            Jdbc.setString(save, 1, commit.nextCursor());
            Jdbc.setString(save, 2, commit.nextCursor());
            save.setLong(3, outcome.fetched());
            save.setLong(4, commit.backfillWindowId());
            if (save.executeUpdate() != 1) {
                throw new SQLException("backfill_windows has no window " + commit.backfillWindowId());
            }
        }
    }

    private void addRunCounts(PageCommit commit, PageOutcome outcome, int deadLettered) throws SQLException {
        try (PreparedStatement add = connection.prepareStatement(sql.get("add_run_counts"))) {
            add.setInt(1, commit.requests());
            add.setInt(2, commit.retries());
            add.setLong(3, outcome.fetched());
            add.setLong(4, outcome.inserted());
            add.setLong(5, outcome.updated());
            add.setLong(6, outcome.unchanged());
            add.setLong(7, deadLettered);
            add.setDouble(8, commit.rateLimitWaitMillis() / 1000.0);
            add.setLong(9, commit.runId());
            if (add.executeUpdate() != 1) {
                throw new SQLException(
                        "sync_runs has no run " + commit.runId() + "; start the run before writing pages");
            }
        }
    }

    /** A connection that cannot roll back or is no longer valid is dropped and reopened by the next write. */
    private void rollback(Exception failure) {
        try {
            connection.rollback();
            if (connection.isValid(5)) {
                return;
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        closeQuietly();
    }

    private Connection openConnection() throws SQLException {
        Connection opened = opener.open();
        try {
            opened.setAutoCommit(false);
            stager.prepare(opened);
            return opened;
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the connection is being discarded as broken
        } finally {
            connection = null;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            closeQuietly();
        }
    }
}
