package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.StateControl;
import dev.operatorsync.warehouse.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code state reset}: rewound watermarks make the next sync reload the range; refused while a sync runs. */
class StateResetTest {
    private static final dev.operatorsync.simulator.SimulatorOptions HISTORY = BackfillTest.HISTORY.withConversations(250);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_reset_followed_by_a_sync_reloads_the_rewound_range(Dialect dialect) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, HISTORY, Map.of())) {
            assertEquals("succeeded", h.sync().status());
            Instant rewindTo = Instant.parse("2026-02-20T00:00:00Z");
            String lost = "DELETE FROM conversations WHERE created_at >= TIMESTAMPTZ '2026-02-20 00:00:00+00'";
            BackfillTest.execute(h, lost);
            h.simulator.clock().advance(Duration.ofMinutes(5));
            h.sync();
            long missing = h.count("SELECT count(*) FROM conversations WHERE created_at >= TIMESTAMPTZ '2026-02-20 00:00:00+00'");
            assertTrue(missing < 20, "without a reset the sync does not reach back: " + missing);

            List<String> streams = h.warehouse.warehouse().stateStore().all().stream().map(StreamState::streamId).toList();
            assertEquals(9, h.warehouse.warehouse().stateControl().reset(streams, rewindTo));
            for (StreamState s : h.warehouse.warehouse().stateStore().all()) {
                assertTrue(!s.watermark().isAfter(rewindTo), s.streamId() + " rewound");
            }
            Instant end = h.simulator.clock().now();
            Map<String, String> atEnd = h.apiListing();
            h.simulator.clock().advance(SyncHarness.SETTLE);
            assertEquals("succeeded", h.sync().status());
            Map<String, String> table = h.column("_raw");
            assertEquals(SyncHarness.createdBefore(atEnd, end).keySet(), table.keySet(), "the rewound range is back");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_reset_to_a_time_after_the_watermarks_moves_nothing_and_says_so(Dialect dialect) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, HISTORY, Map.of())) {
            h.sync();
            var warehouse = h.warehouse.warehouse();
            List<StreamState> before = warehouse.stateStore().all();
            List<String> streams = before.stream().map(StreamState::streamId).toList();
            Instant later = before.stream().map(StreamState::watermark).max(Instant::compareTo).orElseThrow().plusSeconds(3600);
            assertEquals(0, warehouse.stateControl().reset(streams, later), "no stream moved");
            assertEquals(before, warehouse.stateStore().all(), "nothing changed");
            Instant between = before.get(0).watermark().minusSeconds(1);
            long behind = before.stream().filter(s -> s.watermark().isAfter(between)).count();
            assertEquals(behind, warehouse.stateControl().reset(streams, between), "only the streams after it moved");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_reset_is_refused_while_a_sync_holds_the_streams(Dialect dialect) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, HISTORY, Map.of())) {
            h.sync();
            var warehouse = h.warehouse.warehouse();
            List<StreamState> before = warehouse.stateStore().all();
            long running = warehouse.runLedger().start("sync", null, null); // this live process holds it
            List<String> streams = before.stream().map(StreamState::streamId).toList();
            StateControl.StreamsHeldException refused = assertThrows(StateControl.StreamsHeldException.class,
                    () -> warehouse.stateControl().reset(streams, null));
            assertEquals(running, refused.holders().get(0).runId());
            assertEquals(before, warehouse.stateStore().all(), "nothing changed");
            warehouse.runLedger().finish(running, "succeeded", 0, null);
            assertEquals(9, warehouse.stateControl().reset(streams, null));
        }
    }
}
