package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.FaultPlan;
import dev.operatorsync.simulator.Faults;
import dev.operatorsync.simulator.Faults.Kind;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StoredDeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A fetch letter's life through an outage: the first failure kept, repeats counted beside it, closed by the run that reads its range. */
class DeadLetterLifecycleTest {
    private static final Map<String, String> FAST = Map.of("sync.retry.base-delay-ms", "20", "sync.retry.max-delay-ms", "100",
            "sync.retry.max-redeliveries", "2");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_repeat_keeps_the_first_failure_and_the_run_that_reads_the_range_closes_the_letter(Dialect dialect) throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(200).withOperators(1).withPageSize(40);
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, options, FAST)) {
            h.simulator.setFaults(new Faults(h.simulator.clock()).onQuery(Kind.TRANSIENT_503, "created_at_lt", Integer.MAX_VALUE));
            assertEquals("failed", h.sync().status());
            StoredDeadLetter first = single(h.deadLetters());

            h.simulator.clock().advance(Duration.ofMinutes(5));
            h.simulator.setFaults(new Faults(h.simulator.clock()).onQuery(Kind.PERMANENT_400, "created_at_lt", Integer.MAX_VALUE));
            assertEquals("failed", h.sync().status());
            StoredDeadLetter again = single(h.deadLetters());
            assertEquals(first.id(), again.id());
            assertEquals(2, again.attempts());
            assertEquals(first.letter(), again.letter(), "status, code, message, request and body stay the first failure's");
            assertEquals(503, again.letter().httpStatus());
            assertEquals(new StoredDeadLetter.LatestFailure(400, "InvalidRequest", again.latest().message()), again.latest());
            assertNull(first.latest(), "one failure has no latest beside it");

            h.simulator.clock().advance(Duration.ofMinutes(5));
            h.simulator.setFaults(FaultPlan.NONE);
            RunRecord recovered = h.sync();
            assertEquals("succeeded", recovered.status(), recovered.error());
            StoredDeadLetter closed = single(h.deadLetters());
            assertEquals("replayed", closed.status());
            assertTrue(closed.resolution().contains("run " + recovered.runId()), closed.resolution());
            assertEquals(recovered.runId(), closed.runId());
        }
    }

    @Test
    void only_a_window_of_the_same_filter_that_holds_the_request_range_covers_it() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = Instant.parse("2026-01-02T00:00:00Z");
        StreamRun created = new StreamRun("op_1/created_at", "op_1", StreamKind.CREATED, start, end, null);
        String inside = "GET /conversations?operator_id=op_1&created_at_gte=2026-01-01T00%3A00%3A00Z&created_at_lt=2026-01-01T12%3A00%3A00Z&cursor=abc";
        String later = "GET /conversations?operator_id=op_1&created_at_gte=2026-01-01T00%3A00%3A00Z&created_at_lt=2026-01-03T00%3A00%3A00Z";
        String earlier = "GET /conversations?operator_id=op_1&created_at_gte=2025-12-31T00%3A00%3A00Z&created_at_lt=2026-01-01T12%3A00%3A00Z";
        String fromTheBeginning = "GET /conversations?operator_id=op_1&created_at_lt=2026-01-01T12%3A00%3A00Z";
        String otherFilter = "GET /conversations?operator_id=op_1&completed_at_gte=2026-01-01T00%3A00%3A00Z&completed_at_lt=2026-01-01T12%3A00%3A00Z";
        assertTrue(CoveredLetters.covers(created, inside));
        assertFalse(CoveredLetters.covers(created, later));
        assertFalse(CoveredLetters.covers(created, earlier));
        assertFalse(CoveredLetters.covers(created, fromTheBeginning));
        assertFalse(CoveredLetters.covers(created, otherFilter));
        assertTrue(CoveredLetters.covers(new StreamRun("op_1/created_at", "op_1", StreamKind.CREATED, null, end, null), fromTheBeginning));
    }

    private static StoredDeadLetter single(List<StoredDeadLetter> letters) {
        assertEquals(1, letters.size(), letters.toString());
        return letters.get(0);
    }
}
