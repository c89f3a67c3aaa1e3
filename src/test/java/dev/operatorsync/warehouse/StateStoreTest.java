package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.TestWarehouse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StateStoreTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void outcomesKeepTheLastSuccessAndTheWatermark(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            StateStore state = tw.warehouse().stateStore();
            RunLedger ledger = tw.warehouse().runLedger();
            assertTrue(state.find("op_1/created_at").isEmpty());
            Instant end = Instant.parse("2025-03-02T00:00:00Z");

            long first = ledger.start("sync", null, end);
            writer.write(List.of(), new PageCommit(first, "op_1/created_at", "op_1", "created_at",
                    Instant.parse("2025-03-01T00:00:00Z"), end, null, 1, 0, 0));
            state.recordStreamOutcome("op_1/created_at", "op_1", "created_at", first, true, null);
            StreamState succeeded = state.find("op_1/created_at").orElseThrow();
            assertEquals("succeeded", succeeded.lastStatus());
            assertEquals(first, succeeded.lastRunId());
            assertNotNull(succeeded.lastSuccessAt());
            assertEquals(end, succeeded.watermark());
            assertFalse(succeeded.interrupted());

            long second = ledger.start("sync", null, null);
            state.recordStreamOutcome("op_1/created_at", "op_1", "created_at", second, false, "HTTP 503 after 5 tries");
            StreamState failed = state.find("op_1/created_at").orElseThrow();
            assertEquals("failed", failed.lastStatus());
            assertEquals(second, failed.lastRunId());
            assertEquals(succeeded.lastSuccessAt(), failed.lastSuccessAt());
            assertEquals("HTTP 503 after 5 tries", failed.lastError());
            assertEquals(end, failed.watermark());

            state.recordStreamOutcome("all/postprocessed_at", null, "postprocessed_at", second, false, "boom");
            StreamState neverSucceeded = state.find("all/postprocessed_at").orElseThrow();
            assertNull(neverSucceeded.lastSuccessAt());
            assertNull(neverSucceeded.watermark());
            assertEquals(List.of("all/postprocessed_at", "op_1/created_at"),
                    state.all().stream().map(StreamState::streamId).toList());
        }
    }
}
