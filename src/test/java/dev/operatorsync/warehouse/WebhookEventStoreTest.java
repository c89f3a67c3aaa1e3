package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.TestWarehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The received-events table: kept once per idempotency key, finished, and pruned only once finished. */
class WebhookEventStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void keeps_each_key_once_and_prunes_only_finished_events(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            WebhookEventStore store = tw.warehouse().webhookEvents();
            assertTrue(store.accept(event("a", "conv_1"), true, NOW));
            assertFalse(store.accept(event("a", "conv_1"), true, NOW), "the same idempotency key again");
            assertTrue(store.accept(event("b", "conv_2"), true, NOW.plusSeconds(1)));
            assertTrue(store.accept(event("c", "conv_3"), false, NOW.plusSeconds(2)));
            assertEquals(List.of("a", "b"), store.pending(10).stream().map(p -> p.event().idempotencyKey()).toList(),
                    "pending, oldest first; an ignored type is not");

            store.finish(new EventsFinished(List.of("a"), "done", "not_found", NOW.minus(Duration.ofDays(2)), null));
            store.finish(new EventsFinished(List.of("a", "b"), "failed", "dead_lettered", NOW, null));
            assertEquals(Map.of("a", "done not_found", "b", "failed dead_lettered", "c", "ignored null"), statuses(tw),
                    "a finished event stays as it ended");

            assertEquals(1, store.prune(NOW.minus(Duration.ofDays(1))));
            assertEquals(Map.of("b", "failed dead_lettered", "c", "ignored null"), statuses(tw));
            store.accept(event("d", "conv_4"), true, NOW);
            assertEquals(2, store.prune(NOW.plus(1, ChronoUnit.MINUTES)), "b and the ignored c (finished on arrival) go; the pending d stays");
            assertEquals(List.of("d"), store.pending(10).stream().map(p -> p.event().idempotencyKey()).toList());
        }
    }

    private static ReceivedEvent event(String key, String conversation) {
        return new ReceivedEvent(key, "evt_" + key, "conversation.ended", conversation, "op_1", NOW);
    }

    private static Map<String, String> statuses(TestWarehouse tw) throws Exception {
        Map<String, String> statuses = new TreeMap<>();
        try (Connection c = tw.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT idempotency_key, status, outcome FROM webhook_events")) {
            while (rs.next()) {
                statuses.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
            }
        }
        return statuses;
    }
}
