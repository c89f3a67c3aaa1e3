package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.ReconcileRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Quartz route of {@code run} that reconciles the last reconcile.range on reconcile.schedule. */
class ReconcileScheduleTest {
    @Test
    void the_schedule_reconciles_the_configured_range_one_run_after_the_other() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(300).withPageSize(50);
        Map<String, String> config = Map.of("sync.schedule", "0 0 0 1 1 ? 2099", "reconcile.schedule", "* * * * * ?",
                "reconcile.range", "P10D", "reconcile.window", "P2D");
        try (SyncHarness h = SyncHarness.start(Dialect.DUCKDB, ApiVersion.V2024_11_11, options, config, true)) {
            List<ReconcileRecord> runs = awaitReconciles(h, 2, Duration.ofSeconds(90));

            ReconcileRecord first = runs.get(0);
            ReconcileRecord second = runs.get(1);
            assertEquals("succeeded", first.status(), first.error());
            assertEquals(Duration.ofDays(10), Duration.between(first.windowStart(), first.windowEnd()));
            Instant from = first.windowStart();
            long listedInRange = h.apiListing().values().stream()
                    .map(raw -> Instant.parse(SyncHarness.field(raw, "created_at")))
                    .filter(created -> !created.isBefore(from) && created.isBefore(first.windowEnd())).count();
            assertEquals(listedInRange, first.listed());
            assertEquals(first.listed(), first.missing(), "no sync ran: the first reconcile loaded all it listed");
            assertFalse(second.startedAt().isBefore(first.finishedAt()), "reconciles never overlap");
            assertEquals(0, second.missing());
            assertEquals(0, h.count("SELECT count(*) FROM sync_state"), "a reconcile moves no watermark");
        }
    }

    private static List<ReconcileRecord> awaitReconciles(SyncHarness h, int wanted, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<ReconcileRecord> finished = new ArrayList<>();
            for (long runId = 1; runId <= 20; runId++) {
                Optional<ReconcileRecord> run = h.warehouse.warehouse().reconcileStore().find(runId);
                run.filter(r -> r.finishedAt() != null).ifPresent(finished::add);
            }
            if (finished.size() >= wanted) {
                return finished;
            }
            Thread.sleep(50); // polling interval; the loop waits for the condition
        }
        throw new AssertionError("fewer than " + wanted + " scheduled reconciles finished within " + timeout);
    }
}
