package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;

/**
 * Writes pages, each in one transaction with the stream's resume point and the run's counts
 * (guarantee 4). Uses one connection at a time, kept from write to write or, with {@code connectionPerWrite},
 * borrowed for each write from a pool that checks it; not thread-safe, so give each thread its own writer.
 */
public final class PageWriter implements AutoCloseable {
    private final ConnectionOpener opener;
    private final boolean connectionPerWrite;
    private final SqlFiles sql;
    private final Stager stager;
    private final Lock writeLock;
    private Connection connection;
    /** The page statements of {@link #connection}, prepared on first use; closed and dropped with it. */
    private StatementCache statements;

    /**
     * @param opener a connection with autocommit off and its staging table prepared
     * @param connectionPerWrite whether each write gives its connection back (to a pool) when it ends
     */
    PageWriter(ConnectionOpener opener, boolean connectionPerWrite, SqlFiles sql, Stager stager, Lock writeLock) {
        this.opener = opener;
        this.connectionPerWrite = connectionPerWrite;
        this.sql = sql;
        this.stager = stager;
        this.writeLock = writeLock;
    }

    public PageOutcome write(List<ConversationRow> rows, PageCommit commit) throws SQLException {
        return write(rows, List.of(), commit);
    }

    public PageOutcome write(List<ConversationRow> rows, List<DeadLetter> letters, PageCommit commit) throws SQLException {
        return write(rows, letters, commit, false);
    }

    /**
     * Commits the page with the dead letters of its records that did not map, or, on any failure, rolls
     * everything back and rethrows. New rows take the engine's bulk path straight into the table, and when
     * {@code likelyAllNew} (the stream's previous page was) without first reading the stored hashes. Each
     * cheaper path that fails (a row already there, inserted meanwhile by another writer, or refused) hands the
     * page to the next, down to the guarded upsert alone. When the warehouse refuses even that, the page is
     * narrowed down to the rows it refuses: those become {@code load} dead letters and the rest commits.
     */
    public PageOutcome write(List<ConversationRow> rows, List<DeadLetter> letters, PageCommit commit, boolean likelyAllNew)
            throws SQLException {
        return write(rows, letters, commit, likelyAllNew, null);
    }

    /**
     * Webhooks' conversations: written as a page is, and their events marked finished in the same transaction (what
     * {@code events} makes of the outcome), so an event is finished exactly when its row is committed.
     */
    public PageOutcome write(List<ConversationRow> rows, List<DeadLetter> letters, PageCommit commit,
                             Function<PageOutcome, List<EventsFinished>> events) throws SQLException {
        return write(rows, letters, commit, false, events);
    }

    private PageOutcome write(List<ConversationRow> rows, List<DeadLetter> letters, PageCommit commit, boolean likelyAllNew,
                              Function<PageOutcome, List<EventsFinished>> events) throws SQLException {
        // In id order, the order upsert_conversations.sql inserts in (COLLATE "C": code points, as String sorts ids
        // outside the surrogate range): writers of overlapping rows (parallel streams, a backfill beside the sync)
        // then take their row locks in one order and cannot deadlock.
        Map<String, ConversationRow> byId = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (ConversationRow row : rows) {
            byId.put(row.id(), row); // the last occurrence wins
        }
        writeLock.lock();
        try {
            if (connection == null) {
                connect();
            }
            List<LoadPath> paths = likelyAllNew
                    ? List.of(LoadPath.ALL_NEW, LoadPath.NEW_IN_BULK, LoadPath.UPSERT)
                    : List.of(LoadPath.NEW_IN_BULK, LoadPath.UPSERT);
            SQLException refused = null;
            for (LoadPath path : paths) {
                try {
                    return commitOrRollBack(rows.size(), byId, letters, commit, path, events);
                } catch (SQLException e) {
                    if (connection == null || e instanceof RunNotRunningException) {
                        throw e;
                    }
                    refused = e;
                }
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
            int written = (int) rows.stream().filter(r -> byId.containsKey(r.id())).count();
            return commitOrRollBack(written, byId, all, commit, LoadPath.UPSERT, events);
        } finally {
            if (connectionPerWrite) {
                close();
            }
            writeLock.unlock();
        }
    }

    /** How a page's rows reach the table, from the cheapest to the one that takes any page. */
    private enum LoadPath {
        /** Every row straight in by the bulk path, no stored hashes read: fails unless none is stored. */
        ALL_NEW,
        /** Stored hashes read; absent rows straight in by the bulk path, changed ones by the guarded upsert. */
        NEW_IN_BULK,
        /** Stored hashes read; new and changed rows by the guarded upsert. */
        UPSERT
    }

    /**
     * Commits the page by {@code path}, or rolls it back and rethrows; after a rollback that dropped the
     * connection, {@link #connection} is null.
     */
    private PageOutcome commitOrRollBack(int fetched, Map<String, ConversationRow> byId, List<DeadLetter> letters,
                                         PageCommit commit, LoadPath path, Function<PageOutcome, List<EventsFinished>> events)
            throws SQLException {
        try {
            return commitPage(fetched, byId, letters, commit, path, events);
        } catch (SQLException | RuntimeException e) {
            rollback(e);
            throw e;
        }
    }

    private PageOutcome commitPage(int fetched, Map<String, ConversationRow> byId, List<DeadLetter> letters, PageCommit commit,
                                   LoadPath path, Function<PageOutcome, List<EventsFinished>> events) throws SQLException {
        PageOutcome outcome = upsert(fetched, byId, commit.runId(), path);
        for (DeadLetter letter : letters) {
            DeadLetterStore.record(statements, letter, commit.runId());
        }
        if (commit.backfillWindowId() != null) {
            saveBackfillProgress(commit, outcome);
        } else if (commit.streamId() != null) {
            saveStreamProgress(commit);
        }
        addRunCounts(commit, outcome, letters.size());
        if (events != null) {
            for (EventsFinished finished : events.apply(outcome)) {
                WebhookEventStore.finish(statements, finished, connection);
            }
        }
        connection.commit();
        return outcome.withDeadLettered(letters.size());
    }

    /** Tries the rows in halves, each try rolled back, down to the single rows the warehouse refuses, with its reason. */
    private void findRefused(List<ConversationRow> rows, long runId, Map<ConversationRow, String> refused) throws SQLException {
        Map<String, ConversationRow> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        try {
            upsert(rows.size(), byId, runId, LoadPath.UPSERT);
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

    private PageOutcome upsert(int fetched, Map<String, ConversationRow> byId, long runId, LoadPath path) throws SQLException {
        if (path == LoadPath.ALL_NEW) {
            stager.insertNew(statements, byId.values(), runId);
            return new PageOutcome(fetched, byId.size(), 0, fetched - byId.size());
        }
        Map<String, String> stored = storedHashes(byId.keySet().toArray(String[]::new));
        List<ConversationRow> fresh = new ArrayList<>();
        List<ConversationRow> changed = new ArrayList<>();
        for (ConversationRow row : byId.values()) {
            if (!stored.containsKey(row.id())) {
                fresh.add(row);
            } else if (!Objects.equals(stored.get(row.id()), row.payloadHash())) {
                changed.add(row);
            }
        }
        int inserted = 0;
        if (path == LoadPath.NEW_IN_BULK && !fresh.isEmpty()) {
            stager.insertNew(statements, fresh, runId);
            inserted = fresh.size();
        } else {
            changed.addAll(fresh);
        }
        int affected = 0;
        if (!changed.isEmpty()) {
            stager.stage(statements, changed);
            PreparedStatement upsert = statements.get("upsert_conversations");
            upsert.setLong(1, runId);
            affected = upsert.executeUpdate();
        }
        if (path == LoadPath.UPSERT && !fresh.isEmpty()) {
            // A concurrent writer may insert an id between the lookup and the upsert, turning our insert into an update
            // or into nothing: the rows this transaction inserted are those it first synced.
            inserted = insertedNow(fresh);
            affected -= inserted;
        }
        return new PageOutcome(fetched, inserted, affected, fetched - inserted - affected);
    }

    private int insertedNow(List<ConversationRow> rows) throws SQLException {
        PreparedStatement count = statements.get("count_inserted_now");
        count.setArray(1, stager.idArray(connection, rows.stream().map(ConversationRow::id).toArray(String[]::new)));
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Map<String, String> storedHashes(String[] ids) throws SQLException {
        Map<String, String> hashes = new HashMap<>();
        if (ids.length == 0) {
            return hashes;
        }
        PreparedStatement select = statements.get("stored_hashes");
        select.setArray(1, stager.idArray(connection, ids));
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                hashes.put(rs.getString(1), rs.getString(2));
            }
        }
        return hashes;
    }

    private void saveStreamProgress(PageCommit commit) throws SQLException {
        boolean windowClosed = commit.nextCursor() == null;
        PreparedStatement save = statements.get("save_stream_progress");
        save.setString(1, commit.streamId());
        Jdbc.setString(save, 2, commit.operatorId());
        Jdbc.setString(save, 3, commit.field());
        Jdbc.setInstant(save, 4, windowClosed ? commit.windowEnd() : null);
        Jdbc.setInstant(save, 5, windowClosed ? null : commit.windowStart());
        Jdbc.setInstant(save, 6, windowClosed ? null : commit.windowEnd());
        Jdbc.setString(save, 7, commit.nextCursor());
        save.executeUpdate();
    }

    /** A backfill window's resume point; sync_state and its watermarks stay untouched. */
    private void saveBackfillProgress(PageCommit commit, PageOutcome outcome) throws SQLException {
        PreparedStatement save = statements.get("save_backfill_progress");
        Jdbc.setString(save, 1, commit.nextCursor());
        Jdbc.setString(save, 2, commit.nextCursor());
        save.setLong(3, outcome.fetched());
        save.setLong(4, commit.backfillWindowId());
        if (save.executeUpdate() != 1) {
            throw new SQLException("backfill_windows has no window " + commit.backfillWindowId());
        }
    }

    private void addRunCounts(PageCommit commit, PageOutcome outcome, int deadLettered) throws SQLException {
        PreparedStatement add = statements.get("add_run_counts");
        add.setInt(1, commit.pages());
        add.setInt(2, commit.requests());
        add.setInt(3, commit.retries());
        add.setLong(4, outcome.fetched());
        add.setLong(5, outcome.inserted());
        add.setLong(6, outcome.updated());
        add.setLong(7, outcome.unchanged());
        add.setLong(8, deadLettered);
        add.setDouble(9, commit.rateLimitWaitMillis() / 1000.0);
        add.setLong(10, commit.runId());
        if (add.executeUpdate() != 1) {
            throw new RunNotRunningException(commit.runId());
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

    /** Opens the writer's connection, with a new, empty statement cache for it. */
    private void connect() throws SQLException {
        connection = opener.open();
        statements = new StatementCache(connection, sql);
    }

    /** Closes the connection's statements, then the connection, and drops both. */
    private void closeQuietly() {
        statements.close();
        statements = null;
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
