package dev.operatorsync.warehouse;

import static dev.operatorsync.warehouse.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.TestWarehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scale: one run loads a stream at a time, and a run closed as lost commits nothing more (fencing). */
class StreamLeasesTest {
    private static final Instant OBSERVED = Instant.parse("2025-03-03T08:00:00Z");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStreamHeldByALiveRunIsRefusedAndFreeOnceThatRunEnds(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            RunLedger ledger = tw.warehouse().runLedger();
            StreamLeases leases = tw.warehouse().streamLeases();
            long first = ledger.start("sync", null, null);
            long second = ledger.start("sync", null, null);

            assertEquals(Optional.empty(), leases.take("op_1/created_at", first));
            StreamLeases.Holder holder = leases.take("op_1/created_at", second).orElseThrow();
            assertEquals(first, holder.runId());
            assertEquals(RunLedger.DEFAULT_INSTANCE, holder.instance());
            assertEquals(Optional.empty(), leases.take("op_1/completed_at", second), "other streams are free");
            assertEquals(Map.of("op_1/created_at", RunLedger.DEFAULT_INSTANCE + " (run " + first + ")",
                    "op_1/completed_at", RunLedger.DEFAULT_INSTANCE + " (run " + second + ")"), leases.loadingNow());

            ledger.finish(first, "failed", 1, "stopped");
            assertEquals(Optional.empty(), leases.take("op_1/created_at", second), "a finished run's lease is free");
            leases.release("op_1/created_at", second);
            assertEquals(Map.of("op_1/completed_at", RunLedger.DEFAULT_INSTANCE + " (run " + second + ")"), leases.loadingNow());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunClosedAsLostLosesItsStreamsAndItsPagesCommitNothing(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            RunLedger ledger = tw.warehouse().runLedger();
            StreamLeases leases = tw.warehouse().streamLeases();
            long stalled = ledger.start("sync", null, null);
            assertEquals(Optional.empty(), leases.take("op_1/created_at", stalled));
            try (Connection c = tw.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE sync_runs SET host = 'elsewhere', heartbeat_at = heartbeat_at - INTERVAL '1 hour'"
                        + " WHERE run_id = " + stalled);
            }
            long survivor = ledger.start("sync", null, null);
            assertEquals(1, ledger.closeAbandoned());
            assertEquals(Optional.empty(), leases.take("op_1/created_at", survivor), "the survivor takes the lost run's stream");

            RunNotRunningException fenced = assertThrows(RunNotRunningException.class,
                    () -> writer.write(List.of(row("c1", "late", OBSERVED)), commit(stalled)));
            assertTrue(fenced.getMessage().contains("run " + stalled + " is not running"), fenced.getMessage());
            assertEquals(0, count(tw, "SELECT count(*) FROM conversations"), "the woken process commits nothing");
            assertEquals(0, count(tw, "SELECT count(*) FROM sync_state"));

            writer.write(List.of(row("c1", "current", OBSERVED)), commit(survivor));
            assertEquals(1, count(tw, "SELECT count(*) FROM conversations"));
        }
    }

    private static PageCommit commit(long run) {
        return new PageCommit(run, "op_1/created_at", "op_1", "created_at", null, OBSERVED, "next", 1, 0, 0);
    }

    private static long count(TestWarehouse tw, String sql) throws Exception {
        try (Connection c = tw.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
