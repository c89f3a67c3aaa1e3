package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * The {@code webhook_events} table: events the receiver accepted, kept until the fetch of their conversation
 * committed. The worker marks them finished in the transaction of the row ({@link PageWriter}), or here when
 * there is no row to write (a 404, an operator not configured, a dead letter).
 */
public final class WebhookEventStore {
    private static final String PENDING = "pending";
    private static final String IGNORED = "ignored";

    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;
    private final GroupCommit<Accepted, Boolean> inserts = new GroupCommit<>(this::insert);

    WebhookEventStore(ConnectionOpener opener, SqlFiles sql, Lock writeLock) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
    }

    /**
     * Keeps a new event, {@code pending} when the worker is to fetch its conversation, else {@code ignored}; false when
     * its idempotency key is already here. Events handed in while the previous insert committed are inserted together
     * ({@link GroupCommit}), so under load the receiver pays one commit for many. On DuckDB the insert takes its write turn
     * like every write: an insert beside the worker's update of the same table made DuckDB 1.4 fail with an internal
     * error that invalidates the database.
     */
    public boolean accept(ReceivedEvent event, boolean fetch, Instant receivedAt) throws SQLException {
        return inserts.commit(new Accepted(event, fetch, receivedAt));
    }

    private record Accepted(ReceivedEvent event, boolean fetch, Instant receivedAt) {
    }

    private List<Boolean> insert(List<Accepted> accepted) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open();
             PreparedStatement insert = connection.prepareStatement(sql.get("insert_webhook_event"))) {
            connection.setAutoCommit(false);
            try {
                for (Accepted a : accepted) {
                    ReceivedEvent event = a.event();
                    insert.setString(1, event.idempotencyKey());
                    insert.setString(2, event.eventId());
                    insert.setString(3, event.type());
                    Jdbc.setString(insert, 4, event.conversationId());
                    Jdbc.setString(insert, 5, event.operatorId());
                    Jdbc.setInstant(insert, 6, event.signedAt());
                    Jdbc.setInstant(insert, 7, a.receivedAt());
                    insert.setString(8, a.fetch() ? PENDING : IGNORED);
                    Jdbc.setInstant(insert, 9, a.fetch() ? null : a.receivedAt());
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                connection.commit();
                List<Boolean> kept = new ArrayList<>(counts.length);
                for (int count : counts) {
                    kept.add(count == 1);
                }
                return kept;
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

    /** Up to {@code limit} pending events, oldest first, each with when it was received. */
    public List<PendingEvent> pending(int limit) throws SQLException {
        List<PendingEvent> pending = new ArrayList<>();
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("due_webhook_events"))) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    pending.add(new PendingEvent(new ReceivedEvent(rs.getString(1), null, rs.getString(2), rs.getString(3),
                            rs.getString(4), Jdbc.getInstant(rs, 5)), Jdbc.getInstant(rs, 6)));
                }
            }
        }
        return pending;
    }

    /** An accepted event not yet finished, and when the receiver kept it. */
    public record PendingEvent(ReceivedEvent event, Instant receivedAt) {
    }

    /** Marks pending events finished without a row: {@code ignored} or {@code failed}, or {@code done} with nothing to write. */
    public void finish(EventsFinished finished) throws SQLException {
        writeLock.lock();
        try (Connection connection = opener.open(); StatementCache statements = new StatementCache(connection, sql)) {
            finish(statements, finished, connection);
        } finally {
            writeLock.unlock();
        }
    }

    /** Inside the caller's transaction, on the statements of its connection. */
    static void finish(StatementCache statements, EventsFinished finished, Connection connection) throws SQLException {
        PreparedStatement update = statements.get("finish_webhook_events");
        update.setString(1, finished.status());
        update.setString(2, finished.outcome());
        Jdbc.setInstant(update, 3, finished.at());
        Jdbc.setLong(update, 4, finished.runId());
        update.setArray(5, connection.createArrayOf("varchar", finished.idempotencyKeys().toArray(String[]::new)));
        update.executeUpdate();
    }

    /** Deletes finished events older than {@code finishedBefore}; returns how many. */
    public int prune(Instant finishedBefore) throws SQLException {
        return Jdbc.update(opener, sql, writeLock, "prune_webhook_events", delete -> Jdbc.setInstant(delete, 1, finishedBefore));
    }

    /** For the benchmark: [signed, received, finished] of each event finished that was received from {@code from} on. */
    public List<Instant[]> latencies(Instant from) throws SQLException {
        List<Instant[]> rows = new ArrayList<>();
        try (Connection connection = opener.open();
             PreparedStatement select = connection.prepareStatement(sql.get("webhook_event_latencies"))) {
            Jdbc.setInstant(select, 1, from);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Instant[] {Jdbc.getInstant(rs, 1), Jdbc.getInstant(rs, 2), Jdbc.getInstant(rs, 3)});
                }
            }
        }
        return rows;
    }
}
