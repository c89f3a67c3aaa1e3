package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Backfills through the real routes, against the simulator, on both warehouses. */
class BackfillTest {
    /** History runs 30 days back from 2026-03-01, so February is a whole month inside it. */
    static final SimulatorOptions HISTORY = SimulatorOptions.defaults().withPort(0).withConversations(400)
            .withOperators(3).withPageSize(40).withStart(Instant.parse("2026-03-01T00:00:00Z"));

    static Stream<Arguments> warehousesAndVersions() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(ApiVersion.values()).map(v -> Arguments.of(d, v)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void a_month_loads_exactly_the_conversations_created_in_it_and_leaves_sync_state_alone(Dialect dialect, ApiVersion version) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, HISTORY, Map.of("backfill.parallel", "3"))) {
            assertEquals("succeeded", h.sync().status());
            List<Map<String, Object>> state = rows(h, "SELECT * FROM sync_state ORDER BY stream_id");
            execute(h, "DELETE FROM conversations");

            BackfillRequest month = BackfillRequest.parse("2026-02-01", "2026-03-01", null, null, h.settings);
            BackfillJob job = h.engine().backfills().prepare(month, null, "test");
            RunRecord run = h.engine().backfill(job);

            assertEquals("succeeded", run.status(), run.error());
            assertEquals("backfill", run.kind());
            Map<String, String> expected = createdIn(h.apiListing(), month.from(), month.to());
            assertTrue(expected.size() > 300, "the month holds most of the history: " + expected.size());
            assertEquals(expected, h.column("_raw"), "exactly the month's conversations, as the API lists them");
            assertEquals(expected.size(), run.counts().inserted());
            int owners = version.perOperator() ? 3 : 1;
            assertEquals(28 * owners, job.progress().windowsDone());
            assertEquals(state, rows(h, "SELECT * FROM sync_state ORDER BY stream_id"), "sync_state untouched");
            assertEquals(1, h.count("SELECT count(*) FROM sync_runs WHERE kind = 'backfill'"));
            assertEquals(0, h.count("SELECT count(*) FROM backfill_windows WHERE status <> 'done' OR resume_cursor IS NOT NULL"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void one_operator_and_a_second_invocation_with_the_same_arguments_starts_afresh_once_done(Dialect dialect) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, HISTORY, Map.of())) {
            BackfillRequest week = BackfillRequest.parse("2026-02-10T00:00:00Z", "2026-02-17", "op_2", "PT12H", h.settings);
            RunRecord first = h.engine().backfill(h.engine().backfills().prepare(week, null, "test"));
            assertEquals("succeeded", first.status(), first.error());
            assertEquals(listedFor(h, "op_2", week), h.column("_raw"));
            BackfillJob again = h.engine().backfills().prepare(week, null, "test");
            assertEquals(14, again.toLoad(), "a finished backfill is not continued but run again");
            RunRecord second = h.engine().backfill(again);
            assertEquals(0, second.counts().inserted() + second.counts().updated());
            assertEquals(0, h.count("SELECT count(*) FROM sync_state"));
        }
    }

    @Test
    void windows_are_planned_a_stretch_at_a_time_as_they_are_taken() throws Exception {
        try (SyncHarness h = SyncHarness.start(Dialect.DUCKDB, ApiVersion.V2024_11_11, HISTORY, Map.of())) {
            BackfillRequest minutes = BackfillRequest.parse("2026-02-01", "2026-03-01", null, "PT1M", h.settings);
            BackfillJob job = h.engine().backfills().prepare(minutes, null, "test");
            assertEquals(28 * 24 * 60 * 3, job.toLoad());
            assertEquals(0, h.count("SELECT count(*) FROM backfill_windows"), "nothing planned before it is taken");
            StreamRun first = job.pending().next();
            assertEquals(Instant.parse("2026-02-01T00:00:00Z"), first.windowStart());
            long planned = h.count("SELECT count(*) FROM backfill_windows");
            assertTrue(planned > 0 && planned <= WindowPlan.STRETCH, "one stretch planned, not " + planned);
        }
    }

    @Test
    void a_backfill_of_many_stretches_loads_every_window_once() throws Exception {
        try (SyncHarness h = SyncHarness.start(Dialect.DUCKDB, ApiVersion.V2024_11_11, HISTORY, Map.of("backfill.parallel", "2"))) {
            BackfillRequest hours = BackfillRequest.parse("2026-02-01", "2026-02-08", "op_2", "PT30M", h.settings);
            BackfillJob job = h.engine().backfills().prepare(hours, null, "test");
            RunRecord run = h.engine().backfill(job);
            assertEquals("succeeded", run.status(), run.error());
            assertEquals(7 * 48, job.progress().windowsDone(), "more than one stretch");
            assertEquals(7 * 48, h.count("SELECT count(*) FROM backfill_windows WHERE status = 'done'"), "each window planned once");
            assertEquals(listedFor(h, "op_2", hours), h.column("_raw"));
        }
    }

    @Test
    void bad_requests_are_refused_before_anything_is_written() throws Exception {
        try (SyncHarness h = SyncHarness.start(Dialect.DUCKDB, ApiVersion.V2024_11_11, HISTORY, Map.of())) {
            assertThrows(BadRequestException.class, () -> BackfillRequest.parse("2026-02-02", "2026-02-01", null, null, h.settings));
            assertThrows(BadRequestException.class, () -> BackfillRequest.parse("yesterday", "2026-02-01", null, null, h.settings));
            assertThrows(BadRequestException.class, () -> BackfillRequest.parse("2026-02-01", "2026-02-02", "op_9", null, h.settings));
            assertThrows(BadRequestException.class, () -> BackfillRequest.parse("1900-01-01", "2100-01-01", null, "PT1M", h.settings));
            assertThrows(BadRequestException.class, () -> BackfillRequest.parse("2026-02-01", "2026-02-02", null, "2 days", h.settings));
            assertEquals(0, h.count("SELECT count(*) FROM backfills") + h.count("SELECT count(*) FROM sync_runs"));
        }
    }

    /** What the API lists for {@code operator} created in the request's range: id to raw object. */
    private static Map<String, String> listedFor(SyncHarness h, String operator, BackfillRequest request) {
        Map<String, String> listed = new LinkedHashMap<>();
        for (String raw : h.simulator.listing(ApiVersion.V2024_11_11, operator)) {
            listed.put(SyncHarness.field(raw, "id"), raw);
        }
        return createdIn(listed, request.from(), request.to());
    }

    static Map<String, String> createdIn(Map<String, String> listing, Instant from, Instant to) {
        Map<String, String> kept = new LinkedHashMap<>();
        listing.forEach((id, raw) -> {
            Instant created = Instant.parse(SyncHarness.field(raw, "created_at"));
            if (!created.isBefore(from) && created.isBefore(to)) {
                kept.put(id, raw);
            }
        });
        return kept;
    }

    static void execute(SyncHarness h, String sql) throws Exception {
        try (Connection connection = h.warehouse.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static List<Map<String, Object>> rows(SyncHarness h, String sql) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = h.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
