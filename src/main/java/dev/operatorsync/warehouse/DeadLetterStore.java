package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The {@code dead_letters} table. A failure seen again while its letter is open updates that letter (attempts,
 * last seen, the latest failure beside the first) instead of adding another. Letters of records are written by PageWriter in their
 * page's transaction; the rest here, each in its own transaction with the counts it adds to its run.
 */
public final class DeadLetterStore {
    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;

    DeadLetterStore(ConnectionOpener opener, SqlFiles sql, Lock writeLock) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
    }

    /** Records a failed request with what the attempts at it add to the run: requests, retries, time waited on rate limits. */
    public long record(DeadLetter letter, long runId, int requests, int retries, long rateLimitWaitMillis) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open(); StatementCache statements = new StatementCache(connection, sql)) {
            connection.setAutoCommit(false);
            try {
                long id = record(statements, letter, runId);
                PreparedStatement add = statements.get("add_failure_counts");
                bindFailureCounts(add, runId, requests, retries, 1, rateLimitWaitMillis);
                add.executeUpdate();
                connection.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Inside the caller's transaction, on the statements of its connection; returns the letter's id. */
    static long record(StatementCache statements, DeadLetter letter, Long runId) throws SQLException {
        String fingerprint = letter.fingerprint();
        PreparedStatement find = statements.get("find_open_dead_letter");
        find.setString(1, fingerprint);
        try (ResultSet rs = find.executeQuery()) {
            if (rs.next()) {
                long id = rs.getLong(1);
                PreparedStatement repeat = statements.get("repeat_dead_letter");
                bindRepeat(repeat, id, letter, runId);
                repeat.executeUpdate();
                return id;
            }
        }
        PreparedStatement insert = statements.get("insert_dead_letter");
        insert.setString(1, letter.stage());
        Jdbc.setString(insert, 2, letter.operatorId());
        Jdbc.setString(insert, 3, letter.conversationId());
        Jdbc.setInteger(insert, 4, letter.httpStatus());
        Jdbc.setString(insert, 5, letter.errorCode());
        Jdbc.setBoolean(insert, 6, letter.transientFlag());
        Jdbc.setString(insert, 7, letter.message());
        Jdbc.setString(insert, 8, letter.request());
        Jdbc.setString(insert, 9, letter.payload());
        Jdbc.setLong(insert, 10, runId);
        insert.setString(11, fingerprint);
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A replay that failed again: the letter stays open with one more attempt and the new error beside the first. */
    public void replayFailed(long id, DeadLetter latest, long runId) throws SQLException {
        Jdbc.update(opener, sql, writeLock, "repeat_dead_letter", ps -> bindRepeat(ps, id, latest, runId));
    }

    /** @return false when the letter was not open (already replayed or discarded, or no such id) */
    public boolean resolve(long id, String status, String resolution, Long runId) throws SQLException {
        return Jdbc.update(opener, sql, writeLock, "resolve_dead_letter", ps -> {
            ps.setString(1, status);
            Jdbc.setString(ps, 2, resolution);
            Jdbc.setLong(ps, 3, runId);
            ps.setLong(4, id);
        }) == 1;
    }

    /** Adds a replay's requests and new dead letters to its run. */
    public void addCounts(long runId, int requests, int deadLettered) throws SQLException {
        Jdbc.update(opener, sql, writeLock, "add_failure_counts",
                ps -> bindFailureCounts(ps, runId, requests, 0, deadLettered, 0));
    }

    public Optional<StoredDeadLetter> find(long id) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("find_dead_letter"))) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<StoredDeadLetter> list(DeadLetterFilter filter) throws SQLException {
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("list_dead_letters"))) {
            Jdbc.setString(select, 1, filter.status());
            Jdbc.setString(select, 2, filter.status());
            Jdbc.setString(select, 3, filter.stage());
            Jdbc.setString(select, 4, filter.stage());
            Jdbc.setString(select, 5, filter.operatorId());
            Jdbc.setString(select, 6, filter.operatorId());
            Jdbc.setInstant(select, 7, filter.seenSince());
            Jdbc.setInstant(select, 8, filter.seenSince());
            Jdbc.setInstant(select, 9, filter.seenBefore());
            Jdbc.setInstant(select, 10, filter.seenBefore());
            try (ResultSet rs = select.executeQuery()) {
                List<StoredDeadLetter> letters = new ArrayList<>();
                while (rs.next()) {
                    letters.add(read(rs));
                }
                return letters;
            }
        }
    }

    /** Binds repeat_dead_letter.sql: the letter stays open as first seen, with one more attempt and the latest failure beside it. */
    private static void bindRepeat(PreparedStatement update, long id, DeadLetter letter, Long runId) throws SQLException {
        Jdbc.setInteger(update, 1, letter.httpStatus());
        Jdbc.setString(update, 2, letter.errorCode());
        Jdbc.setString(update, 3, letter.message());
        Jdbc.setLong(update, 4, runId);
        update.setLong(5, id);
    }

    private static void bindFailureCounts(PreparedStatement add, long runId, int requests, int retries, int deadLettered,
                                          long rateLimitWaitMillis) throws SQLException {
        add.setInt(1, requests);
        add.setInt(2, retries);
        add.setInt(3, deadLettered);
        add.setDouble(4, rateLimitWaitMillis / 1000.0);
        add.setLong(5, runId);
    }

    private static StoredDeadLetter read(ResultSet rs) throws SQLException {
        DeadLetter letter = new DeadLetter(rs.getString("stage"), rs.getString("operator_id"), rs.getString("conversation_id"),
                Jdbc.getInteger(rs, "http_status"), rs.getString("error_code"), Jdbc.getBoolean(rs, "transient"),
                rs.getString("message"), rs.getString("request"), rs.getString("payload"));
        return new StoredDeadLetter(rs.getLong("id"), Jdbc.getInstant(rs, "first_seen_at"), Jdbc.getInstant(rs, "last_seen_at"),
                letter, rs.getInt("attempts"), Jdbc.getLong(rs, "run_id"), rs.getString("status"),
                Jdbc.getInstant(rs, "resolved_at"), rs.getString("resolution"), rs.getInt("attempts") < 2 ? null
                        : new StoredDeadLetter.LatestFailure(Jdbc.getInteger(rs, "last_http_status"), rs.getString("last_error_code"),
                                rs.getString("last_message")));
    }
}
