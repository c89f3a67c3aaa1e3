package dev.operatorsync.sync;

import static dev.operatorsync.sync.SyncHarness.createdBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sync through the real routes, against the simulator, on both warehouses and both API versions. */
class IncrementalSyncTest {
    private static final SimulatorOptions SMALL = SimulatorOptions.defaults().withPort(0).withConversations(600)
            .withOperators(3).withPageSize(40);

    static Stream<Arguments> warehousesAndVersions() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(ApiVersion.values()).map(v -> Arguments.of(d, v)));
    }

    /**
     * Syncs with windows ending at the simulator's current instant E (the clock is moved on by the settle
     * delay first) and checks guarantee 1: every conversation created before E is in the table, as the API
     * returned it at E or at the sync's own instant, and nothing else is.
     */
    private static Snapshot syncAndCheck(SyncHarness h, Set<String> everListed) throws Exception {
        Instant end = h.simulator.clock().now();
        Map<String, String> atEnd = h.apiListing();
        h.simulator.clock().advance(SyncHarness.SETTLE);
        RunRecord run = h.sync();
        Map<String, String> atSync = h.apiListing();
        everListed.addAll(atEnd.keySet());
        assertEquals("succeeded", run.status(), run.error());
        Map<String, String> table = h.column("_raw");
        Map<String, String> expected = createdBefore(atEnd, end);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String stored = table.get(e.getKey());
            assertTrue(stored != null, "missing " + e.getKey());
            String now = atSync.get(e.getKey());
            assertTrue(stored.equals(e.getValue()) || stored.equals(now),
                    "row " + e.getKey() + " is neither the API's version at the window end nor at the sync");
        }
        assertTrue(everListed.containsAll(table.keySet()), "the table holds only conversations the API listed");
        return new Snapshot(run, table, h.column("_run_id"));
    }

    private record Snapshot(RunRecord run, Map<String, String> raw, Map<String, String> runIds) {
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void a_first_sync_loads_exactly_what_the_api_lists(Dialect dialect, ApiVersion version) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, SMALL, Map.of())) {
            Set<String> listed = new HashSet<>();
            Snapshot first = syncAndCheck(h, listed);
            Map<String, String> expected = createdBefore(h.apiListing(), h.simulator.clock().now().minus(SyncHarness.SETTLE));
            assertEquals(expected.keySet(), first.raw().keySet());
            assertEquals(expected, first.raw(), "_raw is the object exactly as received");
            assertEquals(expected.size(), first.run().counts().inserted());
            assertTypedColumnsMatchRaw(h);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void later_syncs_bring_every_change_and_change_nothing_else(Dialect dialect, ApiVersion version) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, SMALL.withArrivalsPerMinute(3), Map.of())) {
            Set<String> listed = new HashSet<>();
            Snapshot before = syncAndCheck(h, listed);
            for (Duration step : new Duration[] {Duration.ofMinutes(3), Duration.ofMinutes(7), Duration.ofMinutes(20), Duration.ofHours(1)}) {
                h.simulator.clock().advance(step);
                Snapshot after = syncAndCheck(h, listed);
                Map<String, String> previous = before.raw();
                long changed = after.raw().entrySet().stream()
                        .filter(e -> previous.containsKey(e.getKey()) && !previous.get(e.getKey()).equals(e.getValue())).count();
                long added = after.raw().keySet().stream().filter(id -> !previous.containsKey(id)).count();
                assertEquals(changed, after.run().counts().updated(), "updated rows are exactly the changed ones");
                assertEquals(added, after.run().counts().inserted());
                String thisRun = Long.toString(after.run().runId());
                for (Map.Entry<String, String> e : after.raw().entrySet()) {
                    boolean same = e.getValue().equals(before.raw().get(e.getKey()));
                    assertEquals(same ? before.runIds().get(e.getKey()) : thisRun, after.runIds().get(e.getKey()),
                            "row " + e.getKey() + " was written by a run only when it changed");
                }
                assertTrue(after.raw().keySet().containsAll(before.raw().keySet()), "rows the API stops listing stay");
                before = after;
            }
            assertTrue(h.count("SELECT count(*) FROM sync_runs WHERE status = 'succeeded'") >= 5);
            assertTypedColumnsMatchRaw(h);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void a_sync_with_nothing_changed_updates_no_row(Dialect dialect, ApiVersion version) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, SMALL, Map.of())) {
            h.sync();
            Map<String, String> changedAt = h.column("_last_changed_at");
            RunRecord again = h.sync();
            assertEquals("succeeded", again.status(), again.error());
            assertEquals(0, again.counts().inserted());
            assertEquals(0, again.counts().updated());
            assertTrue(again.counts().fetched() > 0, "the windows were read again");
            assertEquals(changedAt, h.column("_last_changed_at"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.operatorsync.sync.IncrementalSyncTest#warehouses")
    void conversations_sharing_a_created_second_across_a_window_boundary_all_load(Dialect dialect) throws Exception {
        SimulatorOptions probe = SMALL.withStart(Instant.parse("2026-01-01T00:00:00Z"));
        Instant shared;
        try (var simulator = dev.operatorsync.simulator.OperatorApiSimulator.start(probe)) {
            shared = busiestSecond(simulator.listing(ApiVersion.V2024_11_11, "op_1"));
        }
        Duration settle = Duration.between(shared, probe.start());
        Map<String, String> config = Map.of("sync.settle-delay", settle.toString(), "sync.lookback", "PT0S");
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, probe, config)) {
            h.sync();
            Map<String, String> created = h.column("created_at");
            long atBoundaryBefore = h.apiListing().entrySet().stream()
                    .filter(e -> Instant.parse(SyncHarness.field(e.getValue(), "created_at")).equals(shared))
                    .filter(e -> created.containsKey(e.getKey())).count();
            assertEquals(0, atBoundaryBefore, "the first window ends just before the shared second");
            h.simulator.clock().advance(Duration.ofMinutes(5));
            h.sync();
            Map<String, String> table = h.column("_raw");
            Map<String, String> expected = createdBefore(h.apiListing(), shared.plusSeconds(1));
            assertTrue(expected.values().stream().filter(raw -> SyncHarness.field(raw, "created_at").equals(shared.toString())).count() >= 5);
            assertTrue(table.keySet().containsAll(expected.keySet()), "every conversation of the shared second loaded");
        }
    }

    static Stream<Dialect> warehouses() {
        return Stream.of(Dialect.values());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void an_unknown_extra_field_loads_and_stays_in_raw(Dialect dialect, ApiVersion version) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, SMALL.withConversations(120).withUnknownFields(true), Map.of())) {
            RunRecord run = h.sync();
            assertEquals("succeeded", run.status(), run.error());
            Map<String, String> raw = h.column("_raw");
            assertTrue(raw.size() > 50);
            raw.values().forEach(r -> assertTrue(r.contains("\"x_experimental\""), r));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.operatorsync.sync.IncrementalSyncTest#warehouses")
    void one_failing_operator_does_not_stop_the_others(Dialect dialect) throws Exception {
        Map<String, String> config = Map.of("operator.api.operator-ids", "op_1,op_404,op_2");
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, SMALL, config)) {
            RunRecord run = h.sync();
            assertEquals("failed", run.status());
            assertTrue(run.error().contains("op_404/created_at") && run.error().contains("op_404/postprocessed_at"), run.error());
            assertTrue(!run.error().contains("op_1/") && !run.error().contains("op_2/"), run.error());
            assertEquals(0, h.count("SELECT count(*) FROM conversations WHERE operator_id NOT IN ('op_1', 'op_2')"));
            assertTrue(h.count("SELECT count(*) FROM conversations WHERE operator_id = 'op_2'") > 100);
            assertEquals(0, h.count("SELECT count(*) FROM sync_state WHERE operator_id = 'op_404' AND watermark IS NOT NULL AND field = 'created_at'"));
        }
    }

    private static Instant busiestSecond(Iterable<String> listing) {
        Map<String, Integer> perSecond = new HashMap<>();
        listing.forEach(raw -> perSecond.merge(SyncHarness.field(raw, "created_at"), 1, Integer::sum));
        return Instant.parse(perSecond.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
    }

    /** Every typed column holds what the row's own _raw says. */
    private static void assertTypedColumnsMatchRaw(SyncHarness h) throws Exception {
        String[] columns = {"id", "agent_id", "customer_id", "livemode", "direction", "status", "channel_type", "phone_no",
                "created_at", "started_at", "completed_at", "postprocessed_at", "postprocessed", "transferred", "duration_sec",
                "sentiment", "failure_reason", "zendesk_ticket_id", "summary", "scenarios", "custom_fields"};
        try (Connection connection = h.warehouse.warehouse().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + String.join(", ", columns) + ", operator_id, _raw, _api_version FROM conversations")) {
            ResultSetMetaData meta = rows.getMetaData();
            int checked = 0;
            while (rows.next()) {
                JsonNode raw = SyncHarness.JSON.readTree(rows.getString("_raw"));
                assertEquals(h.version.header(), rows.getString("_api_version"));
                for (int i = 1; i <= columns.length; i++) {
                    assertColumn(columns[i - 1], raw.get(columns[i - 1]), rows.getObject(i), meta.getColumnTypeName(i));
                }
                String operatorId = rows.getString("operator_id");
                assertEquals(h.version.perOperator(), operatorId != null, "operator_id only under 2024-11-11");
                checked++;
            }
            assertTrue(checked > 0);
        }
    }

    private static void assertColumn(String column, JsonNode expected, Object actual, String type) throws Exception {
        if (expected == null || expected.isNull()) {
            assertEquals(null, actual, column);
        } else if (expected.isTextual() && column.endsWith("_at")) {
            Instant stored = actual instanceof java.sql.Timestamp t ? t.toInstant()
                    : actual instanceof java.time.OffsetDateTime o ? o.toInstant() : Instant.parse(actual.toString());
            assertEquals(Instant.parse(expected.textValue()), stored, column);
        } else if (expected.isBoolean()) {
            assertEquals(expected.booleanValue(), actual, column);
        } else if (expected.isNumber()) {
            assertEquals(expected.doubleValue(), ((Number) actual).doubleValue(), column);
        } else if (expected.isContainerNode()) {
            assertEquals(expected, SyncHarness.JSON.readTree(actual.toString()), column + " (" + type + ")");
        } else {
            assertEquals(expected.asText(), actual.toString(), column);
        }
    }
}
