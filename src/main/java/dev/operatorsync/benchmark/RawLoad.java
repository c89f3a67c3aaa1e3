package dev.operatorsync.benchmark;

import dev.operatorsync.warehouse.ConversationRow;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * (b) The raw load limit: rows already in memory, bulk-loaded by the plainest fast path into a fresh table
 * with the columns, types and primary key of {@code conversations} (no secondary index, no upsert, no
 * staging): PostgreSQL binary COPY, one COPY and one transaction per connection; DuckDB's Appender, in one
 * transaction; and both once more with one transaction per page as the API served it, the sync's commits. The encoder here is the benchmark's own, so the baseline does not move when the sync's code does.
 */
final class RawLoad {
    static final String COLUMNS = "id, operator_id, agent_id, customer_id, livemode, direction, status, channel_type, phone_no, "
            + "created_at, started_at, completed_at, postprocessed_at, postprocessed, transferred, duration_sec, "
            + "sentiment, failure_reason, zendesk_ticket_id, summary, scenarios, custom_fields, "
            + "_raw, _api_version, _payload_hash, _observed_at";

    private static final String POSTGRES_TABLE = """
            CREATE TABLE %s.conversations (
                id text PRIMARY KEY, operator_id text, agent_id text, customer_id text, livemode boolean,
                direction text, status text, channel_type text, phone_no text,
                created_at timestamptz, started_at timestamptz, completed_at timestamptz, postprocessed_at timestamptz,
                postprocessed boolean, transferred boolean, duration_sec double precision,
                sentiment text, failure_reason text, zendesk_ticket_id text, summary text,
                scenarios jsonb, custom_fields jsonb, _raw json NOT NULL, _api_version text NOT NULL,
                _payload_hash text NOT NULL, _observed_at timestamptz NOT NULL,
                _first_synced_at timestamptz NOT NULL DEFAULT now(), _last_changed_at timestamptz NOT NULL DEFAULT now(),
                _run_id bigint)""";

    private static final String DUCKDB_TABLE = """
            CREATE TABLE conversations (
                id text PRIMARY KEY, operator_id text, agent_id text, customer_id text, livemode boolean,
                direction text, status text, channel_type text, phone_no text,
                created_at timestamptz, started_at timestamptz, completed_at timestamptz, postprocessed_at timestamptz,
                postprocessed boolean, transferred boolean, duration_sec double,
                sentiment text, failure_reason text, zendesk_ticket_id text, summary text,
                scenarios json, custom_fields json, _raw json NOT NULL, _api_version text NOT NULL,
                _payload_hash text NOT NULL, _observed_at timestamptz NOT NULL,
                _first_synced_at timestamptz NOT NULL, _last_changed_at timestamptz NOT NULL, _run_id bigint)""";

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private RawLoad() {
    }

    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    /** Creates the table in {@code schema} (which must exist and be empty), then times the COPY over {@code connections} connections. */
    static Timing postgres(Connector connector, String schema, List<ConversationRow> rows, int connections) throws Exception {
        try (Connection setup = connector.open(); Statement statement = setup.createStatement()) {
            statement.execute(String.format(POSTGRES_TABLE, schema));
        }
        List<Connection> open = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            for (int i = 0; i < connections; i++) {
                Connection c = connector.open();
                c.setAutoCommit(false);
                open.add(c);
            }
            String copy = "COPY " + schema + ".conversations (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
            List<Callable<Void>> work = new ArrayList<>();
            int size = rows.size();
            for (int i = 0; i < connections; i++) {
                List<ConversationRow> slice = rows.subList(size * i / connections, size * (i + 1) / connections);
                Connection c = open.get(i);
                work.add(() -> {
                    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                            new PGCopyOutputStream(c.unwrap(PGConnection.class), copy, 1 << 16), 1 << 16))) {
                        writeCopy(out, slice);
                    }
                    c.commit();
                    return null;
                });
            }
            Timing.Stopwatch stopwatch = Timing.start();
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
            Timing timing = stopwatch.stop();
            requireCount(open.get(0), schema + ".conversations", size);
            return timing;
        } finally {
            pool.shutdownNow();
            for (Connection c : open) {
                c.close();
            }
        }
    }

    /**
     * Creates the table in {@code schema} (which must exist and be empty), then times one COPY and one commit per page
     * on one connection: the commits the sync makes, without its staging, upsert and resume point. The session does not
     * wait for its commits to reach disk, as the sync's page writer does not (writer_session.sql): a WAL flush per page
     * would make this limit the disk's, not the load's.
     */
    static Timing postgresPerPage(Connector connector, String schema, List<List<ConversationRow>> pages) throws Exception {
        try (Connection c = connector.open()) {
            try (Statement statement = c.createStatement()) {
                statement.execute(String.format(POSTGRES_TABLE, schema));
                statement.execute("SET synchronous_commit TO off");
            }
            c.setAutoCommit(false);
            String copy = "COPY " + schema + ".conversations (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
            PGConnection pg = c.unwrap(PGConnection.class);
            Timing.Stopwatch stopwatch = Timing.start();
            for (List<ConversationRow> page : pages) {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        new PGCopyOutputStream(pg, copy, 1 << 16), 1 << 16))) {
                    writeCopy(out, page);
                }
                c.commit();
            }
            Timing timing = stopwatch.stop();
            requireCount(c, schema + ".conversations", pages.stream().mapToInt(List::size).sum());
            return timing;
        }
    }

    /**
     * Creates the table in a fresh DuckDB database, then times one Appender and one commit per page, checkpointing as
     * seldom as the sync does (instance_settings.sql): by default a commit checkpoints once the WAL holds 16 MB.
     */
    static Timing duckdbPerPage(Connection connection, List<List<ConversationRow>> pages) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(DUCKDB_TABLE);
            statement.execute("SET GLOBAL checkpoint_threshold = '256MiB'");
        }
        long now = micros(Instant.now());
        connection.setAutoCommit(false);
        DuckDBConnection duckdb = connection.unwrap(DuckDBConnection.class);
        Timing.Stopwatch stopwatch = Timing.start();
        for (List<ConversationRow> page : pages) {
            try (DuckDBAppender appender = duckdb.createAppender("main", "conversations")) {
                append(appender, page, now);
            }
            connection.commit();
        }
        Timing timing = stopwatch.stop();
        requireCount(connection, "conversations", pages.stream().mapToInt(List::size).sum());
        return timing;
    }

    /** Creates the table in a fresh DuckDB database, then times one Appender over every row and its commit. */
    static Timing duckdb(Connection connection, List<ConversationRow> rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(DUCKDB_TABLE);
        }
        long now = micros(Instant.now());
        // One transaction, as the COPY has: in autocommit every flushed chunk of the Appender commits, and DuckDB
        // checkpoints whenever a commit finds more than 16 MB in its WAL, which made this baseline slower than it is.
        connection.setAutoCommit(false);
        Timing.Stopwatch stopwatch = Timing.start();
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender("main", "conversations")) {
            append(appender, rows, now);
        }
        connection.commit();
        Timing timing = stopwatch.stop();
        requireCount(connection, "conversations", rows.size());
        return timing;
    }

    private static void append(DuckDBAppender appender, List<ConversationRow> rows, long now) throws SQLException {
        for (ConversationRow r : rows) {
            appender.beginRow();
            text(appender, r.id());
            text(appender, r.operatorId());
            text(appender, r.agentId());
            text(appender, r.customerId());
            bool(appender, r.livemode());
            text(appender, r.direction());
            text(appender, r.status());
            text(appender, r.channelType());
            text(appender, r.phoneNo());
            timestamp(appender, r.createdAt());
            timestamp(appender, r.startedAt());
            timestamp(appender, r.completedAt());
            timestamp(appender, r.postprocessedAt());
            bool(appender, r.postprocessed());
            bool(appender, r.transferred());
            if (r.durationSec() == null) {
                appender.appendNull();
            } else {
                appender.append(r.durationSec().doubleValue());
            }
            text(appender, r.sentiment());
            text(appender, r.failureReason());
            text(appender, r.zendeskTicketId());
            text(appender, r.summary());
            text(appender, r.scenariosJson());
            text(appender, r.customFieldsJson());
            text(appender, r.rawJson());
            text(appender, r.apiVersion());
            text(appender, r.payloadHash());
            timestamp(appender, r.observedAt());
            appender.appendEpochMicros(now);
            appender.appendEpochMicros(now);
            appender.appendNull();
            appender.endRow();
        }
    }

    private static void requireCount(Connection connection, String table, int expected) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            long count = rs.getLong(1);
            if (count != expected) {
                throw new IllegalStateException("the raw load left " + count + " rows in " + table + ", expected " + expected);
            }
        }
    }

    // PostgreSQL binary COPY: header, per row an int16 field count then int32 length (-1 = null) and bytes, int16 -1 trailer.

    private static void writeCopy(DataOutputStream out, List<ConversationRow> rows) throws IOException {
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
        for (ConversationRow r : rows) {
            out.writeShort(26);
            text(out, r.id());
            text(out, r.operatorId());
            text(out, r.agentId());
            text(out, r.customerId());
            bool(out, r.livemode());
            text(out, r.direction());
            text(out, r.status());
            text(out, r.channelType());
            text(out, r.phoneNo());
            timestamptz(out, r.createdAt());
            timestamptz(out, r.startedAt());
            timestamptz(out, r.completedAt());
            timestamptz(out, r.postprocessedAt());
            bool(out, r.postprocessed());
            bool(out, r.transferred());
            if (r.durationSec() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(8);
                out.writeDouble(r.durationSec());
            }
            text(out, r.sentiment());
            text(out, r.failureReason());
            text(out, r.zendeskTicketId());
            text(out, r.summary());
            jsonb(out, r.scenariosJson());
            jsonb(out, r.customFieldsJson());
            text(out, r.rawJson()); // json's binary form is its text
            text(out, r.apiVersion());
            text(out, r.payloadHash());
            timestamptz(out, r.observedAt());
        }
        out.writeShort(-1);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** jsonb's binary form: a version byte (1) then the text. */
    private static void jsonb(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length + 1);
        out.writeByte(1);
        out.write(utf8);
    }

    private static void bool(DataOutputStream out, Boolean value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(1);
        out.writeByte(value ? 1 : 0);
    }

    private static void timestamptz(DataOutputStream out, Instant value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(8);
        out.writeLong(micros(value) - POSTGRES_EPOCH_SECONDS * 1_000_000L);
    }

    private static long micros(Instant value) {
        return Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000);
    }

    private static void text(DuckDBAppender appender, String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private static void bool(DuckDBAppender appender, Boolean value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value.booleanValue());
        }
    }

    private static void timestamp(DuckDBAppender appender, Instant value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.appendEpochMicros(micros(value));
        }
    }
}
