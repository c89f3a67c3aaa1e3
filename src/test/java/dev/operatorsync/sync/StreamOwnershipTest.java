package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.FaultPlan;
import dev.operatorsync.simulator.Faults;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunLedger;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StoredDeadLetter;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scale: a sync that finds a stream being loaded by another run leaves it to that run and still succeeds. */
class StreamOwnershipTest {
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withPort(0).withConversations(300)
            .withOperators(2).withPageSize(50).withArrivalsPerMinute(0);

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStreamAnotherProcessIsLoadingIsSkippedCountedAndLoadedByTheNextSyncOnceFree(Dialect dialect) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, OPTIONS, Map.of())) {
            RunLedger ledger = h.warehouse.warehouse().runLedger();
            long other = ledger.start("sync", null, null);
            assertEquals(Optional.empty(), h.warehouse.warehouse().streamLeases().take("op_1/created_at", other));
            try (Connection c = h.warehouse.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE sync_runs SET host = 'elsewhere', instance = 'pod-b:1' WHERE run_id = " + other);
            }
            h.simulator.clock().advance(SyncHarness.SETTLE);

            RunRecord run = h.sync();

            assertEquals("succeeded", run.status(), run.error());
            assertEquals(1, h.count("SELECT streams_skipped FROM sync_runs WHERE run_id = " + run.runId()));
            assertEquals(0, h.count("SELECT count(*) FROM sync_state WHERE stream_id = 'op_1/created_at'"),
                    "the held stream was left to the run holding it");
            assertEquals(1, h.count("SELECT count(*) FROM sync_state WHERE stream_id = 'op_2/created_at' AND watermark IS NOT NULL"));

            ledger.finish(other, "succeeded", 1, null);
            RunRecord next = h.sync();
            assertEquals("succeeded", next.status(), next.error());
            assertEquals(0, h.count("SELECT streams_skipped FROM sync_runs WHERE run_id = " + next.runId()));
            assertEquals(1, h.count("SELECT count(*) FROM sync_state WHERE stream_id = 'op_1/created_at' AND watermark IS NOT NULL"));
            assertEquals(0, h.count("SELECT count(*) FROM stream_leases"), "every lease is released with its stream");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aReplayLeavesALetterOpenWhileAnotherRunIsLoadingItsStream(Dialect dialect) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, OPTIONS, Map.of())) {
            h.simulator.setFaults(new Faults(h.simulator.clock()).onQuery(Faults.Kind.PERMANENT_400, "operator_id=op_1", 1));
            h.simulator.clock().advance(SyncHarness.SETTLE);
            assertEquals("failed", h.sync().status());
            List<StoredDeadLetter> letters = h.deadLetters();
            assertEquals(1, letters.size());
            h.simulator.setFaults(FaultPlan.NONE);
            RunLedger ledger = h.warehouse.warehouse().runLedger();
            long other = ledger.start("sync", null, null);
            String stream = DeadLetterReplayer.fromRequest(letters.get(0).letter().request(), "op_1").kind().streamId("op_1");
            assertEquals(Optional.empty(), h.warehouse.warehouse().streamLeases().take(stream, other));

            RunRecord held = h.replay(letters);

            assertEquals("failed", held.status());
            assertTrue(held.error().contains("is being loaded by"), held.error());
            assertEquals("open", h.deadLetters().get(0).status());

            ledger.finish(other, "succeeded", 1, null);
            assertEquals("succeeded", h.replay(h.deadLetters()).status());
            assertEquals("replayed", h.deadLetters().get(0).status());
        }
    }
}
