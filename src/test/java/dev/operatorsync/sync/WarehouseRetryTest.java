package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guarantee 8 at the level of the routes: a page write that PostgreSQL ends (its backend terminated while it
 * waits on a real lock, as a restart or failover ends it) sends the stream back to its last committed page; the
 * run still succeeds with every conversation, and nothing fetched past the failed write commits in its place.
 */
class WarehouseRetryTest {
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withPort(0).withConversations(1500)
            .withOperators(2).withPageSize(20).withArrivalsPerMinute(0);
    private static final Map<String, String> FAST_RETRIES = Map.of("warehouse.retry.base-delay-ms", "100",
            "warehouse.retry.max-delay-ms", "500");

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void writesEndedByTheServerMidSyncAreLoadedAgainFromTheCommittedPage(ApiVersion version) throws Exception {
        try (SyncHarness h = SyncHarness.start(Dialect.POSTGRESQL, version, OPTIONS, FAST_RETRIES)) {
            Instant end = h.simulator.clock().now();
            Map<String, String> expected = SyncHarness.createdBefore(h.apiListing(), end);
            h.simulator.clock().advance(SyncHarness.SETTLE);

            CompletableFuture<RunRecord> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return h.sync();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int ended = 0;
            for (long pages : new long[] {5, 25}) {
                ended += endAWriteWaitingOnALock(h, pages, run);
            }
            RunRecord record = run.get(120, TimeUnit.SECONDS);

            assertTrue(ended >= 1, "no write was ended mid-run");
            assertEquals("succeeded", record.status(), record.error());
            assertEquals(expected.keySet(), h.column("_raw").keySet(), "every conversation, none missing");
            assertEquals(0, h.deadLetters().size(), "a warehouse failure that passed is no dead letter");
        }
    }

    @Test
    void aStreamWhoseWarehouseFailuresOutlastItsRetriesFailsWithTheCauseAndLoadsAtTheNextSync() throws Exception {
        Map<String, String> config = Map.of("warehouse.retry.max-attempts", "1", "sync.parallel", "1");
        try (SyncHarness h = SyncHarness.start(Dialect.POSTGRESQL, ApiVersion.V2025_06_19, OPTIONS, config)) {
            Instant end = h.simulator.clock().now();
            Map<String, String> expected = SyncHarness.createdBefore(h.apiListing(), end);
            h.simulator.clock().advance(SyncHarness.SETTLE);

            CompletableFuture<RunRecord> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return h.sync();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(1, endAWriteWaitingOnALock(h, 5, run));
            RunRecord failed = run.get(120, TimeUnit.SECONDS);

            assertEquals("failed", failed.status());
            assertTrue(failed.error().contains("the warehouse failed (SQLSTATE 08"), failed.error());
            assertEquals(0, h.deadLetters().size(), "a passing warehouse failure is not the API's and no dead letter");

            h.simulator.clock().advance(Duration.ofSeconds(1));
            RunRecord next = h.sync();
            assertEquals("succeeded", next.status(), next.error());
            assertEquals(expected.keySet(), h.column("_raw").keySet());
        }
    }

    /**
     * Once the run has committed {@code pages} pages: locks the conversations table, waits for a write of the run to
     * queue behind the lock, ends that write's backend, and lets go. Returns how many backends it ended (0 when the
     * run finished first).
     */
    private static int endAWriteWaitingOnALock(SyncHarness h, long pages, CompletableFuture<RunRecord> run) throws Exception {
        String schema = h.warehouse.schema();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (h.count("SELECT coalesce(max(pages), 0) FROM sync_runs WHERE status = 'running'") < pages) {
            if (run.isDone()) {
                return 0;
            }
            assertTrue(System.nanoTime() < deadline, "the run never reached " + pages + " pages");
            Thread.sleep(5); // polling interval; the loop waits for the condition
        }
        try (Connection locker = h.warehouse.connect()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE " + schema + ".conversations IN EXCLUSIVE MODE");
            }
            int ended = 0;
            while (ended == 0 && !run.isDone()) {
                if (System.nanoTime() > deadline) {
                    Thread.getAllStackTraces().forEach((t, st) -> {
                        System.out.println("THREAD " + t.getName() + " " + t.getState());
                        for (StackTraceElement e : st) {
                            System.out.println("    at " + e);
                        }
                    });
                }
                assertTrue(System.nanoTime() < deadline, "no write queued behind the lock");
                ended = terminateSessionsWaitingFor(locker);
                Thread.sleep(5); // polling interval; the loop waits for the condition
            }
            locker.rollback();
            return ended;
        }
    }

    /** Ends the sessions that wait for a lock {@code locker} holds. */
    private static int terminateSessionsWaitingFor(Connection locker) throws SQLException {
        try (PreparedStatement terminate = locker.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))")) {
            int ended = 0;
            try (ResultSet rs = terminate.executeQuery()) {
                while (rs.next()) {
                    ended += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return ended;
        }
    }
}
