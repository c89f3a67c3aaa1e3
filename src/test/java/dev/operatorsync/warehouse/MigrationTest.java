package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.operatorsync.testing.TestWarehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationTest {
    static final List<String> CONVERSATION_COLUMNS = List.of("id", "operator_id", "agent_id", "customer_id",
            "livemode", "direction", "status", "channel_type", "phone_no", "created_at", "started_at",
            "completed_at", "postprocessed_at", "postprocessed", "transferred", "duration_sec", "sentiment",
            "failure_reason", "zendesk_ticket_id", "summary", "scenarios", "custom_fields", "_raw", "_api_version",
            "_payload_hash", "_observed_at", "_first_synced_at", "_last_changed_at", "_run_id", "_deleted_at");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void migratingTwiceAppliesEachMigrationOnce(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            tw.warehouse().migrate();
            tw.warehouse().migrate();
            try (Connection c = tw.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, description FROM schema_migrations ORDER BY version")) {
                List<String> applied = new ArrayList<>();
                while (rs.next()) {
                    applied.add(rs.getInt(1) + " " + rs.getString(2));
                }
                List<String> expected = Migrator.MIGRATIONS.stream()
                        .map(m -> m.substring(1, m.indexOf("__")) + " " + m.substring(m.indexOf("__") + 2).replace('_', ' ')).toList();
                assertEquals(expected, applied);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tablesHaveTheContractColumns(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            assertEquals(CONVERSATION_COLUMNS, columns(tw, "conversations"));
            assertEquals(List.of("stream_id", "operator_id", "field", "watermark", "window_start", "window_end",
                    "resume_cursor", "last_run_id", "last_status", "last_success_at", "last_error", "updated_at"),
                    columns(tw, "sync_state"));
            // Sorted: on DuckDB, V7 and V8 move kind to the end (it cannot change the column's CHECK in place).
            assertEquals(Stream.of("run_id", "kind", "status", "started_at", "finished_at", "window_start",
                    "window_end", "streams", "pages", "requests", "retries", "fetched", "inserted", "updated",
                    "unchanged", "dead_lettered", "rate_limit_wait_seconds", "error", "host", "pid", "instance", "heartbeat_at",
                    "streams_skipped", "listed", "missing", "deleted", "restored").sorted().toList(),
                    columns(tw, "sync_runs").stream().sorted().toList());
            assertEquals(List.of("id", "first_seen_at", "last_seen_at", "stage", "operator_id", "conversation_id",
                    "http_status", "error_code", "transient", "message", "request", "payload", "attempts", "run_id",
                    "status", "resolved_at", "resolution", "fingerprint", "last_http_status", "last_error_code", "last_message"), columns(tw, "dead_letters"));
            assertEquals(List.of("version", "description", "applied_at"), columns(tw, "schema_migrations"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void timestampsAreTimestamptzAndJsonColumnsAreJson(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            String json = dialect == Dialect.POSTGRESQL ? "jsonb" : "JSON";
            String timestamptz = dialect == Dialect.POSTGRESQL
                    ? "timestamp with time zone" : "TIMESTAMP WITH TIME ZONE";
            assertEquals(timestamptz, type(tw, "created_at"));
            assertEquals(timestamptz, type(tw, "_observed_at"));
            assertEquals(json, type(tw, "scenarios"));
            assertEquals(json, type(tw, "custom_fields"));
            assertEquals(dialect == Dialect.POSTGRESQL ? "json" : "JSON", type(tw, "_raw"));
        }
    }

    private static List<String> columns(TestWarehouse tw, String table) throws Exception {
        try (Connection c = tw.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                        + " ORDER BY ordinal_position")) {
            ps.setString(1, tw.schema());
            ps.setString(2, table);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    private static String type(TestWarehouse tw, String column) throws Exception {
        try (Connection c = tw.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT data_type FROM information_schema.columns"
                        + " WHERE table_schema = ? AND table_name = 'conversations' AND column_name = ?")) {
            ps.setString(1, tw.schema());
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
