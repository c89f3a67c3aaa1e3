package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A backfill and syncs writing the same rows at the same time while the data changes (guarantee 2): no row
 * ever goes back to an older observed version, and on PostgreSQL, where a trigger can audit every version
 * offered to the table, each row ends as the newest version either of them observed.
 */
class BackfillBesideSyncTest {
    private static final SimulatorOptions CHANGING = SimulatorOptions.defaults().withPort(0).withConversations(600)
            .withOperators(3).withPageSize(25).withArrivalsPerMinute(4).withStart(Instant.parse("2026-03-01T00:00:00Z"));

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_backfill_beside_the_sync_ends_with_the_newest_version_of_every_row(Dialect dialect) throws Exception {
        try (SyncHarness h = SyncHarness.start(dialect, ApiVersion.V2024_11_11, CHANGING, Map.of("backfill.parallel", "3"))) {
            if (dialect == Dialect.POSTGRESQL) {
                auditOffers(h);
            }
            h.simulator.clock().advance(SyncHarness.SETTLE);
            assertEquals("succeeded", h.sync().status());

            BackfillRequest range = BackfillRequest.parse("2026-02-28T21:00:00Z", "2026-03-01T02:00:00Z", null, "PT20M", h.settings);
            BackfillJob job = h.engine().backfills().prepare(range, null, "test");
            AtomicBoolean backfillDone = new AtomicBoolean();
            CompletableFuture<RunRecord> backfill = CompletableFuture.supplyAsync(() -> {
                try {
                    return h.engine().backfill(job);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    backfillDone.set(true);
                }
            });
            CompletableFuture<List<RunRecord>> syncs = CompletableFuture.supplyAsync(() -> {
                List<RunRecord> runs = new ArrayList<>();
                try {
                    while (!backfillDone.get() || runs.size() < 2) {
                        runs.add(h.sync());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return runs;
            });
            Map<String, Instant> seen = new HashMap<>();
            while (!backfill.isDone() || !syncs.isDone()) {
                h.simulator.clock().advance(Duration.ofSeconds(20)); // the data changes under both
                neverOlder(h, seen);
                TimeUnit.MILLISECONDS.sleep(5); // pacing of the simulated clock, not a wait for a condition
            }
            RunRecord backfilled = backfill.get();
            assertEquals("succeeded", backfilled.status(), backfilled.error());
            for (RunRecord sync : syncs.get()) {
                assertEquals("succeeded", sync.status(), sync.error());
            }
            neverOlder(h, seen);
            assertTrue(backfilled.counts().fetched() > 0 && syncs.get().size() >= 2);
            long updated = backfilled.counts().updated() + syncs.get().stream().mapToLong(r -> r.counts().updated()).sum();
            assertTrue(updated > 0, "the data changed while both ran");
            if (dialect == Dialect.POSTGRESQL) {
                newestOfferWins(h);
            }
        }
    }

    /** Every row's _observed_at is at least what it was at the previous look. */
    private static void neverOlder(SyncHarness h, Map<String, Instant> seen) throws Exception {
        Map<String, String> observed = h.column("_observed_at");
        for (Map.Entry<String, String> e : observed.entrySet()) {
            Instant now = Instant.parse(e.getValue().replace(' ', 'T').replaceFirst("\\+00(:00)?$", "Z"));
            Instant before = seen.put(e.getKey(), now);
            assertTrue(before == null || !now.isBefore(before), "row " + e.getKey() + " went back from " + before + " to " + now);
        }
    }

    private static void auditOffers(SyncHarness h) throws Exception {
        String s = h.warehouse.schema();
        BackfillTest.execute(h, "CREATE TABLE " + s + ".offers (id text, observed timestamptz, raw text)");
        BackfillTest.execute(h, "CREATE FUNCTION " + s + ".offer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO " + s + ".offers VALUES (NEW.id, NEW._observed_at, NEW._raw::text); RETURN NEW; END $$");
        BackfillTest.execute(h, "CREATE TRIGGER offer BEFORE INSERT ON " + s + ".conversations FOR EACH ROW EXECUTE FUNCTION " + s + ".offer()");
    }

    /** The stored version is one offered at the latest instant any writer observed that row. */
    private static void newestOfferWins(SyncHarness h) throws Exception {
        Map<String, Set<String>> newest = new HashMap<>();
        String sql = "SELECT o.id, o.raw FROM offers o JOIN (SELECT id, max(observed) AS latest FROM offers GROUP BY id) m "
                + "ON m.id = o.id AND m.latest = o.observed";
        try (Connection connection = h.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                newest.computeIfAbsent(rs.getString(1), id -> new HashSet<>()).add(rs.getString(2));
            }
        }
        Map<String, String> stored = h.column("_raw");
        assertEquals(newest.keySet(), stored.keySet());
        long offered = h.count("SELECT count(*) FROM offers");
        assertTrue(offered > stored.size(), "rows were offered more than once: " + offered);
        for (Map.Entry<String, String> row : stored.entrySet()) {
            assertTrue(newest.get(row.getKey()).contains(row.getValue()), "row " + row.getKey() + " is not the newest version offered");
        }
    }
}
