package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.testing.TestWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunLedgerTest {
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-02-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunStartsRunningAndFinishesWithItsStatus(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            RunLedger ledger = tw.warehouse().runLedger();
            long first = ledger.start("sync", FROM, TO);
            long second = ledger.start("backfill", null, null);
            assertTrue(second > first);

            RunRecord running = ledger.find(first).orElseThrow();
            assertEquals("running", running.status());
            assertEquals("sync", running.kind());
            assertEquals(FROM, running.windowStart());
            assertEquals(TO, running.windowEnd());
            assertNotNull(running.startedAt());
            assertNull(running.finishedAt());
            assertEquals(ProcessHandle.current().pid(), pidOf(tw, first));

            ledger.finish(first, "succeeded", 3, null);
            ledger.finish(second, "failed", 1, "the API refused the key");

            RunRecord done = ledger.find(first).orElseThrow();
            assertEquals("succeeded", done.status());
            assertEquals(3, done.counts().streams());
            assertNotNull(done.finishedAt());
            assertEquals("the API refused the key", ledger.find(second).orElseThrow().error());
            assertEquals(List.of(second, first), ledger.recent(10).stream().map(RunRecord::runId).toList());
            assertEquals(List.of(second), ledger.recent(1).stream().map(RunRecord::runId).toList());
            assertTrue(ledger.find(second + 100).isEmpty());
        }
    }

    @Test
    void onDuckDbTheEndOfARunLeavesItsRowsInTheDatabaseFileNotInTheWal() throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(Dialect.DUCKDB); PageWriter writer = tw.warehouse().newPageWriter()) {
            Path wal = Path.of(tw.jdbcUrl().substring("jdbc:duckdb:".length()) + ".wal");
            try (Connection c = tw.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('checkpoint_threshold')")) {
                rs.next();
                assertEquals("256.0 MiB", rs.getString(1), "DuckDB does not checkpoint every 16 MB in the middle of a run");
            }
            RunLedger ledger = tw.warehouse().runLedger();
            long run = ledger.start("sync", FROM, TO);
            writer.write(List.of(Rows.row("c1", "a", FROM), Rows.row("c2", "b", FROM)), List.of(),
                    new PageCommit(run, "op_1/created_at", "op_1", "created_at", FROM, TO, null, 1, 0, 0));
            assertTrue(walBytes(wal) > 0, "the page is in the WAL while the run goes on");

            ledger.finish(run, "succeeded", 1, null);

            assertEquals(0, walBytes(wal), "the run's end checkpointed");
        }
    }

    private static long walBytes(Path wal) throws IOException {
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unknownKindsStatusesAndRunsAreRefused(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            RunLedger ledger = tw.warehouse().runLedger();
            assertThrows(SQLException.class, () -> ledger.start("nightly", FROM, TO));
            long run = ledger.start("replay", FROM, TO);
            assertThrows(SQLException.class, () -> ledger.finish(run, "done", 0, null));
            assertThrows(SQLException.class, () -> ledger.finish(run + 1, "failed", 0, null));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void closeAbandonedFailsOnlyRunsWhoseProcessOnThisHostIsGone(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            RunLedger ledger = tw.warehouse().runLedger();
            long alive = ledger.start("sync", FROM, TO);
            long dead = ledger.start("sync", FROM, TO);
            long otherHost = ledger.start("sync", FROM, TO);
            long finished = ledger.start("sync", FROM, TO);
            ledger.finish(finished, "succeeded", 1, null);
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            try (Connection c = tw.connect()) {
                update(c, "UPDATE sync_runs SET pid = ? WHERE run_id = ?", gone.pid(), dead);
                update(c, "UPDATE sync_runs SET pid = ?, host = 'elsewhere' WHERE run_id = ?", gone.pid(), otherHost);
                update(c, "UPDATE sync_runs SET pid = ? WHERE run_id = ?", gone.pid(), finished);
            }

            assertEquals(1, ledger.closeAbandoned());

            RunRecord closed = ledger.find(dead).orElseThrow();
            assertEquals("failed", closed.status());
            assertEquals("the process ended before the run finished", closed.error());
            assertNotNull(closed.finishedAt());
            assertEquals("running", ledger.find(alive).orElseThrow().status());
            assertEquals("running", ledger.find(otherHost).orElseThrow().status());
            assertEquals("succeeded", ledger.find(finished).orElseThrow().status());
            assertEquals(0, ledger.closeAbandoned());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunWhoseHeartbeatLapsedIsClosedAsLostWhereverItRanAndItsProcessCannotReopenIt(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            RunLedger ledger = tw.warehouse().runLedger();
            long lost = ledger.start("sync", FROM, TO);
            long live = ledger.start("backfill", FROM, TO);
            try (Connection c = tw.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE sync_runs SET host = 'elsewhere', instance = 'pod-a:1',"
                        + " heartbeat_at = heartbeat_at - INTERVAL '1 hour' WHERE run_id = " + lost);
                s.executeUpdate("UPDATE sync_runs SET host = 'elsewhere', instance = 'pod-b:1' WHERE run_id = " + live);
            }

            assertEquals(1, ledger.closeAbandoned());

            RunRecord closed = ledger.find(lost).orElseThrow();
            assertEquals("failed", closed.status());
            assertTrue(closed.error().startsWith("the process running it (pod-a:1) was lost: no heartbeat since"), closed.error());
            assertEquals("running", ledger.find(live).orElseThrow().status());

            ledger.finish(lost, "succeeded", 3, null);
            assertEquals(closed, ledger.find(lost).orElseThrow(), "a stalled process waking up does not rewrite the run closed as lost");
        }
    }

    @Test
    void aLiveProcessKeepsItsRunsHeartbeatFreshSoTheyOutliveTheLease() throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(Dialect.POSTGRESQL);
             Warehouse warehouse = Warehouse.open(TestDatabases.postgres().jdbcUrl(), TestDatabases.postgres().username(),
                     TestDatabases.postgres().password(), tw.schema(), "beating:1", Duration.ofMillis(400))) {
            RunLedger ledger = warehouse.runLedger();
            long run = ledger.start("sync", FROM, TO);
            Instant started = heartbeatOf(tw, run);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!heartbeatOf(tw, run).isAfter(started.plusMillis(1000))) {
                assertTrue(System.nanoTime() < deadline, "the heartbeat never moved");
                Thread.sleep(50);
            }
            assertEquals(0, ledger.closeAbandoned(), "a run whose heartbeat is fresh is alive, though older than the lease");
            ledger.finish(run, "succeeded", 1, null);
            Instant finished = heartbeatOf(tw, run);
            Thread.sleep(600);
            assertEquals(finished, heartbeatOf(tw, run), "a finished run's heartbeat stops");
        }
    }

    private static Instant heartbeatOf(TestWarehouse tw, long runId) throws SQLException {
        try (Connection c = tw.connect();
             PreparedStatement ps = c.prepareStatement("SELECT heartbeat_at FROM sync_runs WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }

    private static void update(Connection c, String sql, long pid, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, pid);
            ps.setLong(2, runId);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static long pidOf(TestWarehouse tw, long runId) throws SQLException {
        try (Connection c = tw.connect();
             PreparedStatement ps = c.prepareStatement("SELECT pid FROM sync_runs WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
