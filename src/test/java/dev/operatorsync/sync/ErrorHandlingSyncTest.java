package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.Faults;
import dev.operatorsync.simulator.Faults.Kind;
import dev.operatorsync.simulator.SimulatedResponse;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.DeadLetter;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StoredDeadLetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Guarantee 5 on the real routes against the simulator's injected faults, on both warehouses. */
class ErrorHandlingSyncTest {
    private static final SimulatorOptions ONE_OPERATOR = SimulatorOptions.defaults().withPort(0).withConversations(200)
            .withOperators(1).withPageSize(40);
    private static final int REDELIVERIES = 3;
    /** Retries in milliseconds rather than seconds, so the tests wait for what they check and no longer. */
    private static final Map<String, String> FAST = Map.of("sync.retry.base-delay-ms", "20", "sync.retry.max-delay-ms", "100",
            "sync.retry.max-redeliveries", Integer.toString(REDELIVERIES), "sync.retry.malformed-page-redeliveries", "2");

    private static SyncHarness start(Dialect dialect, Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>(FAST);
        config.putAll(extra);
        return SyncHarness.start(dialect, ApiVersion.V2024_11_11, ONE_OPERATOR, config);
    }

    private static Faults faults(SyncHarness h) {
        return new Faults(h.simulator.clock());
    }

    static Stream<Arguments> transientFaults() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(Kind.TRANSIENT_503, Kind.HTML_500, Kind.DROP_CONNECTION,
                Kind.RATE_LIMIT).map(k -> Arguments.of(d, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transientFaults")
    void a_page_failing_twice_with_a_transient_error_then_succeeding_loads_with_no_dead_letter(Dialect dialect, Kind kind) throws Exception {
        try (SyncHarness h = start(dialect, Map.of())) {
            h.simulator.setFaults(faults(h).onRequests(kind, 2, 3).waiting(Duration.ZERO));
            RunRecord run = h.sync();
            assertEquals("succeeded", run.status(), run.error());
            assertEquals(List.of(), h.deadLetters());
            assertEquals(2, run.counts().retries());
            assertEquals(h.simulator.requestCount(), run.counts().requests());
            assertEquals(SyncHarness.createdBefore(h.apiListing(), h.simulator.clock().now().minus(SyncHarness.SETTLE)).keySet(),
                    h.column("id").keySet());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void exhausted_retries_dead_letter_the_request_once_and_leave_the_watermark(Dialect dialect) throws Exception {
        try (SyncHarness h = start(dialect, Map.of())) {
            h.simulator.setFaults(faults(h).onQuery(Kind.TRANSIENT_503, "created_at_lt", Integer.MAX_VALUE));
            RunRecord run = h.sync();
            assertEquals("failed", run.status());
            assertEquals(1 + REDELIVERIES, requestsMatching(h, "created_at_lt"));
            StoredDeadLetter letter = single(h.deadLetters());
            assertEquals(DeadLetter.FETCH, letter.letter().stage());
            assertEquals(503, letter.letter().httpStatus());
            assertEquals("ServiceUnavailable", letter.letter().errorCode());
            assertEquals(Boolean.TRUE, letter.letter().transientFlag());
            assertTrue(letter.letter().request().startsWith("GET /conversations?operator_id=op_1&created_at_lt="), letter.letter().request());
            assertTrue(letter.letter().payload().contains("\"transient\":true"));
            assertEquals(1, run.counts().deadLettered());
            assertEquals(REDELIVERIES, run.counts().retries());
            assertEquals(0, h.count("SELECT count(*) FROM sync_state WHERE stream_id = 'op_1/created_at' AND watermark IS NOT NULL"));

            h.simulator.clock().advance(Duration.ofMinutes(5));
            h.sync();
            StoredDeadLetter again = single(h.deadLetters());
            assertEquals(letter.id(), again.id(), "the same failure updates its open letter");
            assertEquals(2, again.attempts());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_permanent_error_is_dead_lettered_at_once_and_the_other_streams_go_on(Dialect dialect) throws Exception {
        try (SyncHarness h = start(dialect, Map.of())) {
            h.simulator.setFaults(faults(h).onQuery(Kind.PERMANENT_400, "created_at_lt", Integer.MAX_VALUE));
            RunRecord run = h.sync();
            assertEquals("failed", run.status());
            assertEquals(1, requestsMatching(h, "created_at_lt"), "a permanent error is not retried");
            StoredDeadLetter letter = single(h.deadLetters());
            assertEquals(400, letter.letter().httpStatus());
            assertEquals("InvalidRequest", letter.letter().errorCode());
            assertEquals(Boolean.FALSE, letter.letter().transientFlag());
            assertEquals(0, run.counts().retries());
            assertEquals(2, h.count("SELECT count(*) FROM sync_state WHERE last_status = 'succeeded'"), "completed_at and postprocessed_at ran");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_page_that_is_not_json_is_retried_a_few_times_then_dead_lettered(Dialect dialect) throws Exception {
        try (SyncHarness h = start(dialect, Map.of())) {
            h.simulator.setFaults((request, n) -> request.query().contains("created_at_lt")
                    ? Optional.of(new SimulatedResponse(200, Map.of("Content-Type", "application/json"), "{\"oops\": tru"))
                    : Optional.empty());
            RunRecord run = h.sync();
            assertEquals("failed", run.status());
            assertEquals(3, requestsMatching(h, "created_at_lt"));
            StoredDeadLetter letter = single(h.deadLetters());
            assertNull(letter.letter().httpStatus());
            assertTrue(letter.letter().message().startsWith("the response body is not valid JSON"), letter.letter().message());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rateLimits")
    void a_429_waits_what_retry_after_asks_capped(Dialect dialect, Kind kind, Duration asked, double expectedSeconds) throws Exception {
        try (SyncHarness h = start(dialect, Map.of("sync.retry.rate-limit-max-wait", "PT1S"))) {
            h.simulator.setFaults(faults(h).onRequests(kind, 1).waiting(asked));
            RunRecord run = h.sync();
            assertEquals("succeeded", run.status(), run.error());
            double waited = run.counts().rateLimitWaitMillis() / 1000.0;
            assertTrue(waited >= expectedSeconds - 0.05 && waited < expectedSeconds + 1.0, "waited " + waited + " s");
        }
    }

    static Stream<Arguments> rateLimits() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(
                Arguments.of(d, Kind.RATE_LIMIT, Duration.ofSeconds(1), 1.0),
                Arguments.of(d, Kind.RATE_LIMIT_DATE, Duration.ofSeconds(1), 1.0),
                Arguments.of(d, Kind.RATE_LIMIT, Duration.ofHours(1), 1.0)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_retry_after_of_two_seconds_waits_about_two_seconds_not_the_backoff(Dialect dialect) throws Exception {
        try (SyncHarness h = start(dialect, Map.of())) {
            h.simulator.setFaults(faults(h).onRequests(Kind.RATE_LIMIT, 1).waiting(Duration.ofSeconds(2)));
            RunRecord run = h.sync();
            assertEquals("succeeded", run.status(), run.error());
            double waited = run.counts().rateLimitWaitMillis() / 1000.0;
            assertTrue(waited >= 1.95 && waited < 3.0, "waited " + waited + " s");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_malformed_record_is_dead_lettered_alone_and_replayed_once_the_api_serves_it_fixed(Dialect dialect) throws Exception {
        // One stream at a time: request 1 is then op_1/created_at's first page, and no other stream lists the record.
        try (SyncHarness h = start(dialect, Map.of("sync.parallel", "1"))) {
            h.simulator.setFaults(faults(h).onRequests(Kind.MALFORMED_RECORD, 1));
            RunRecord run = h.sync();
            assertEquals("succeeded", run.status(), run.error());
            assertEquals(1, run.counts().deadLettered());
            StoredDeadLetter letter = single(h.deadLetters());
            assertEquals(DeadLetter.TRANSFORM, letter.letter().stage());
            assertTrue(letter.letter().payload().contains("\"created_at\":\"not a time\""), letter.letter().payload());
            String id = letter.letter().conversationId();
            Map<String, String> expected = SyncHarness.createdBefore(h.apiListing(), h.simulator.clock().now().minus(SyncHarness.SETTLE));
            assertEquals(expected.size() - 1, h.column("id").size(), "the rest of its page loaded");
            assertTrue(!h.column("id").containsKey(id));
            assertEquals(1, h.count("SELECT count(*) FROM sync_state WHERE stream_id = 'op_1/created_at' AND watermark IS NOT NULL"));

            h.simulator.setFaults(faults(h));
            RunRecord replay = h.replay(h.deadLetters());
            assertEquals("succeeded", replay.status(), replay.error());
            assertEquals("replay", replay.kind());
            assertEquals(expected.get(id), h.column("_raw").get(id));
            StoredDeadLetter replayed = single(h.deadLetters());
            assertEquals("replayed", replayed.status());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_rejected_key_stops_the_run_with_one_message_and_one_dead_letter(Dialect dialect) throws Exception {
        try (SyncHarness h = start(dialect, Map.of("operator.api.key", "op_test_wrong"))) {
            RunRecord run = h.sync();
            assertEquals("failed", run.status());
            assertTrue(run.error().startsWith("the API key was rejected (401"), run.error());
            assertTrue(h.simulator.requestCount() <= 2, "one request per stream running when the key was refused (sync.parallel 2): "
                    + h.simulator.requestCount());
            assertEquals(401, single(h.deadLetters()).letter().httpStatus());
        }
    }

    private static long requestsMatching(SyncHarness h, String text) {
        return h.simulator.requests().stream().filter(r -> r.query() != null && r.query().contains(text)).count();
    }

    private static StoredDeadLetter single(List<StoredDeadLetter> letters) {
        assertEquals(1, letters.size(), letters.toString());
        return letters.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_stored_cursor_the_api_refuses_restarts_its_window_once_instead_of_failing_every_run(Dialect dialect) throws Exception {
        try (SyncHarness h = start(dialect, Map.of())) {
            Instant windowEnd = h.simulator.clock().now().minus(SyncHarness.SETTLE);
            try (Connection c = h.warehouse.connect(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_state (stream_id, operator_id, field, window_start, window_end, resume_cursor)"
                            + " VALUES ('op_1/created_at', 'op_1', 'created_at', NULL, ?, 'expired-cursor')")) {
                ps.setObject(1, windowEnd.atOffset(ZoneOffset.UTC));
                assertEquals(1, ps.executeUpdate());
            }

            RunRecord run = h.sync();

            assertEquals("succeeded", run.status(), run.error());
            assertEquals(List.of(), h.deadLetters(), "a refused stored cursor is no dead letter");
            assertEquals(SyncHarness.createdBefore(h.apiListing(), windowEnd).keySet(), h.column("id").keySet(),
                    "the window loaded again from its beginning");
        }
    }
}
