package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.FaultPlan;
import dev.operatorsync.simulator.RecordedRequest;
import dev.operatorsync.simulator.SimulatedResponse;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.ReconcileRecord;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StoredDeadLetter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** Reconciles through the real routes, against the simulator (which deletes test-mode conversations), on both warehouses. */
class ReconcileTest {
    static final SimulatorOptions HISTORY = SimulatorOptions.defaults().withPort(0).withConversations(1200)
            .withOperators(2).withPageSize(40).withStart(Instant.parse("2026-03-01T00:00:00Z"));
    static final Map<String, String> FAST_RETRIES = Map.of("sync.retry.base-delay-ms", "10", "sync.retry.max-delay-ms", "50",
            "sync.retry.max-redeliveries", "2", "reconcile.parallel", "3");

    static Stream<Arguments> warehousesAndVersions() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(ApiVersion.values()).map(v -> Arguments.of(d, v)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void marks_what_the_api_deleted_loads_what_the_table_lost_and_a_second_reconcile_rewrites_nothing(Dialect dialect, ApiVersion version)
            throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, HISTORY, FAST_RETRIES)) {
            assertEquals("succeeded", h.sync().status());
            Set<String> synced = h.column("id").keySet();
            String state = rows(h, "SELECT stream_id, watermark FROM sync_state");
            h.simulator.clock().advance(Duration.ofDays(25));
            Set<String> listedNow = h.apiListing().keySet();
            Set<String> deletedByApi = synced.stream().filter(id -> !listedNow.contains(id)).collect(Collectors.toCollection(TreeSet::new));
            assertTrue(deletedByApi.size() >= 3, "the simulator deleted some test-mode conversations: " + deletedByApi);
            List<String> lost = synced.stream().filter(listedNow::contains).sorted().limit(7).toList();
            execute(h, "DELETE FROM conversations WHERE id IN (" + quoted(lost) + ")");
            long requestsBefore = h.simulator.requestCount();
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            Logger reconcileLog = (Logger) LoggerFactory.getLogger(Reconciles.class);
            reconcileLog.addAppender(log);

            ReconcileRecord first = h.reconcile(null, null);

            reconcileLog.detachAppender(log);
            assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("loaded " + lost.size() + " conversations the table was missing")),
                    "a WARN line says the table was missing rows");

            assertEquals("succeeded", first.status(), first.error());
            assertEquals(listedNow.size(), first.listed(), "every conversation the API lists was created before the range's end");
            assertEquals(lost.size(), first.missing(), "the rows removed behind the tool's back are loaded again and counted");
            assertEquals(deletedByApi.size(), first.deleted());
            assertEquals(0, first.restored());
            assertEquals(deletedByApi, new TreeSet<>(nonNull(h.column("_deleted_at")).keySet()), "exactly the rows the API answers 404 for");
            assertTrue(h.column("id").keySet().containsAll(lost));
            long gets = h.simulator.requests().stream().filter(r -> r.path().startsWith("/conversations/")).count();
            assertEquals(deletedByApi.size(), gets, "one GET per row the listing left out, none for the others");
            RunRecord run = h.warehouse.warehouse().runLedger().find(first.runId()).orElseThrow();
            assertEquals("reconcile", run.kind());
            assertEquals(h.simulator.requestCount() - requestsBefore, run.counts().requests(), "every request counted");
            assertEquals(state, rows(h, "SELECT stream_id, watermark FROM sync_state"), "no watermark moved");

            Map<String, String> changedAt = h.column("_last_changed_at");
            Map<String, String> deletedAt = h.column("_deleted_at");
            ReconcileRecord second = h.reconcile(null, null);
            assertEquals("succeeded", second.status(), second.error());
            assertEquals(List.of((long) listedNow.size(), 0L, 0L, 0L), List.of(second.listed(), second.missing(), second.deleted(), second.restored()),
                    "listed, missing, deleted, restored");
            RunRecord secondRun = h.warehouse.warehouse().runLedger().find(second.runId()).orElseThrow();
            assertEquals(0, secondRun.counts().inserted() + secondRun.counts().updated(), "a second reconcile rewrites nothing");
            assertEquals(changedAt, h.column("_last_changed_at"));
            assertEquals(deletedAt, h.column("_deleted_at"), "a deletion keeps the time it was first confirmed");
            assertEquals(0, h.count("SELECT count(*) FROM reconcile_listed"), "no listed ids left behind");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void a_503_on_the_get_never_marks_a_row_and_dead_letters_it_until_a_404_confirms(Dialect dialect, ApiVersion version) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, HISTORY, FAST_RETRIES)) {
            assertEquals("succeeded", h.sync().status());
            Set<String> synced = h.column("id").keySet();
            h.simulator.clock().advance(Duration.ofDays(25));
            Set<String> listedNow = h.apiListing().keySet();
            long unlisted = synced.stream().filter(id -> !listedNow.contains(id)).count();
            h.simulator.setFaults(unavailableForOneConversation());

            ReconcileRecord refused = h.reconcile(null, null);

            assertEquals("succeeded", refused.status(), refused.error());
            assertEquals(0, refused.deleted());
            assertEquals(Map.of(), nonNull(h.column("_deleted_at")), "no row is marked without a 404");
            List<StoredDeadLetter> letters = h.deadLetters();
            assertEquals(unlisted, letters.size(), "each check that ran out of retries is dead-lettered");
            assertTrue(letters.stream().allMatch(l -> Integer.valueOf(503).equals(l.letter().httpStatus())
                    && l.letter().conversationId() != null && l.letter().request().startsWith("GET /conversations/")));
            assertEquals(unlisted, refused.deadLettered());

            h.simulator.setFaults(FaultPlan.NONE);
            ReconcileRecord confirmed = h.reconcile(null, null);
            assertEquals(unlisted, confirmed.deleted());
            assertEquals(unlisted, nonNull(h.column("_deleted_at")).size());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void a_row_marked_deleted_that_the_api_serves_again_is_restored(Dialect dialect, ApiVersion version) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, HISTORY, FAST_RETRIES)) {
            assertEquals("succeeded", h.sync().status());
            List<String> served = h.column("id").keySet().stream().sorted().limit(3).toList();
            execute(h, "UPDATE conversations SET _deleted_at = now() WHERE id IN (" + quoted(served) + ")");

            ReconcileRecord run = h.reconcile(Instant.parse("2026-01-01T00:00:00Z"), null);

            assertEquals(3, run.restored());
            assertEquals(Map.of(), nonNull(h.column("_deleted_at")));
            assertEquals(Optional.of(run), h.warehouse.warehouse().reconcileStore().find(null));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("warehousesAndVersions")
    void a_row_the_listing_left_out_that_the_api_still_serves_is_written_as_served_and_not_marked(Dialect dialect, ApiVersion version)
            throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, version, HISTORY, FAST_RETRIES)) {
            assertEquals("succeeded", h.sync().status());
            String moved = h.column("id").keySet().stream().sorted().findFirst().orElseThrow();
            // Behind the tool's back the row moves to another day, so its own day's listing leaves it out.
            execute(h, "UPDATE conversations SET created_at = created_at - INTERVAL '3 days' WHERE id = '" + moved + "'");
            h.simulator.clock().advance(Duration.ofSeconds(1)); // what the reconcile observes is newer than what the sync did

            ReconcileRecord run = h.reconcile(null, null);

            assertEquals(0, run.deleted());
            assertEquals(Map.of(), nonNull(h.column("_deleted_at")));
            List<String> gets = h.simulator.requests().stream().map(RecordedRequest::path).filter(p -> p.startsWith("/conversations/")).toList();
            assertEquals(List.of("/conversations/" + moved), gets, "one GET, for the row its day's listing left out");
            if (!version.perOperator()) {
                assertTrue(h.column("_raw").get(moved).contains("\"summary\""), "2025-06-19: the row is what GET /conversations/{id} served");
            }
        }
    }

    /** GET /conversations/{id} answers 503 (transient) every time; listing is served. */
    private static FaultPlan unavailableForOneConversation() {
        return (RecordedRequest request, long number) -> request.path().startsWith("/conversations/")
                ? Optional.of(new SimulatedResponse(503, Map.of("Content-Type", "application/json"),
                        "{\"code\":\"ServiceUnavailable\",\"transient\":true,\"message\":\"try later\"}"))
                : Optional.empty();
    }

    private static Map<String, String> nonNull(Map<String, String> column) {
        Map<String, String> kept = new HashMap<>();
        column.forEach((id, value) -> {
            if (value != null) {
                kept.put(id, value);
            }
        });
        return kept;
    }

    private static String quoted(List<String> ids) {
        assertFalse(ids.isEmpty());
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
    }

    private static void execute(SyncHarness h, String sql) throws SQLException {
        try (Connection connection = h.warehouse.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String rows(SyncHarness h, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection connection = h.warehouse.connect(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery(sql + " ORDER BY 1")) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('=').append(rs.getString(2)).append(';');
            }
        }
        return out.toString();
    }
}
