package dev.operatorsync.warehouse;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB: the Appender into a per-connection temp table, emptied first inside the page's transaction; new rows
 * go on from there by a plain insert, changed ones by the guarded upsert. The append ends with an explicit
 * flush(): DuckDB 1.4.2's Appender.close() drops the rows without a word when its flush fails, where flush() throws.
 */
final class DuckDbStager implements Stager {
    private final SqlFiles sql;

    DuckDbStager(SqlFiles sql) {
        this.sql = sql;
    }

    /** Once per connection, committed on its own so a later rollback cannot drop the staging table. */
    void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.get("create_stage"));
        }
        connection.commit();
    }

    @Override
    public void stage(StatementCache statements, Collection<ConversationRow> rows) throws SQLException {
        statements.get("clear_stage").executeUpdate();
        try (DuckDBAppender appender = statements.connection().unwrap(DuckDBConnection.class)
                .createAppender("temp", "main", "conversations_stage")) {
            for (ConversationRow row : rows) {
                appender.beginRow();
                appendColumns(appender, row);
                appender.endRow();
            }
            appender.flush();
        }
    }

    /** Through the staging table: see insert_new_conversations.sql for why not the Appender into conversations. */
    @Override
    public void insertNew(StatementCache statements, Collection<ConversationRow> rows, long runId) throws SQLException {
        stage(statements, rows);
        PreparedStatement insert = statements.get("insert_new_conversations");
        insert.setLong(1, runId);
        insert.executeUpdate();
    }

    /** The staging table's columns, in order. */
    private static void appendColumns(DuckDBAppender appender, ConversationRow r) throws SQLException {
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
    }

    @Override
    public Array idArray(Connection connection, String[] ids) throws SQLException {
        return connection.createArrayOf("VARCHAR", ids);
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
            appender.appendEpochMicros(Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L),
                    value.getNano() / 1_000));
        }
    }
}
