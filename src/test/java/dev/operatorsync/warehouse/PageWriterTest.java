package dev.operatorsync.warehouse;

import static dev.operatorsync.warehouse.Rows.T0;
import static dev.operatorsync.warehouse.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.testing.TestWarehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PageWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WINDOW_START = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant WINDOW_END = Instant.parse("2025-03-02T00:00:00Z");
    private static final Instant OBSERVED = Instant.parse("2025-03-03T08:00:00Z");

    static Stream<Arguments> dialectsAndHints() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(Arguments.of(d, false), Arguments.of(d, true)));
    }

    /** Either path for new rows: after reading the stored hashes, or straight in when the page is likely all new. */
    @ParameterizedTest(name = "{0}, likely all new: {1}")
    @MethodSource("dialectsAndHints")
    void aPageInsertsRowsWithEveryColumnAsGiven(Dialect dialect, boolean likelyAllNew) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            ConversationRow given = row("c1", "caf\u00e9 \u2603 \ud83d\ude00", OBSERVED);
            ConversationRow sparse = new ConversationRow("c2", null, "agent_9", null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, "{}",
                    "2025-06-19", Rows.sha256("{}"), OBSERVED);

            PageOutcome outcome = writer.write(List.of(given, sparse), List.of(), lastPage(run), likelyAllNew);

            assertEquals(new PageOutcome(2, 2, 0, 0), outcome);
            try (Connection c = tw.connect()) {
                assertRowEquals(dialect, given, c);
                assertRowEquals(dialect, sparse, c);
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT _run_id, _first_synced_at, _last_changed_at FROM conversations WHERE id = 'c1'");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(run, rs.getLong(1));
                    assertEquals(rs.getObject(2, OffsetDateTime.class), rs.getObject(3, OffsetDateTime.class));
                }
            }
            assertEquals(2, tw.warehouse().runLedger().find(run).orElseThrow().counts().inserted());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aPageExpectedAllNewThatHoldsStoredRowsIsWrittenByTheGuardedPathInstead(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            long first = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            writer.write(List.of(row("c1", "same", OBSERVED), row("c2", "old", OBSERVED)), lastPage(first));
            List<String> before = lastChanged(tw);
            long second = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            Instant later = OBSERVED.plusSeconds(600);

            PageOutcome outcome = writer.write(List.of(row("c1", "same", later), row("c2", "new", later),
                    row("c3", "fresh", later)), List.of(), lastPage(second), true);

            assertEquals(new PageOutcome(3, 1, 1, 1), outcome);
            assertEquals(3, count(tw, "SELECT count(*) FROM conversations"));
            assertEquals(before.get(0), lastChanged(tw).get(0), "the unchanged row is not touched");
            assertEquals(OBSERVED, observedAt(tw, "c1"));
            assertEquals("new", summary(tw, "c2"));
            assertEquals(1, count(tw, "SELECT count(*) FROM conversations WHERE _run_id = " + second + " AND id = 'c3'"));
            RunCounts counts = tw.warehouse().runLedger().find(second).orElseThrow().counts();
            assertEquals(1, counts.inserted());
            assertEquals(1, counts.updated());
            assertEquals(1, counts.unchanged());
        }
    }

    /**
     * A row another writer inserts between this page's hash read and its bulk insert (a backfill beside the live
     * sync) fails the bulk insert; the page is then written by the guarded upsert, which keeps the newer version.
     * PostgreSQL only: a DuckDB file has one process, whose writers take turns.
     */
    @org.junit.jupiter.api.Test
    void aRowInsertedMeanwhileByAnotherWriterIsUpsertedUnderTheGuard() throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(Dialect.POSTGRESQL); PageWriter writer = tw.warehouse().newPageWriter();
             Connection other = tw.connect()) {
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            ConversationRow older = row("c1", "older", OBSERVED);
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("INSERT INTO conversations "
                    + "(id, _raw, _api_version, _payload_hash, _observed_at) VALUES (?, CAST(? AS json), ?, ?, ?)")) {
                insert.setString(1, older.id());
                insert.setString(2, older.rawJson());
                insert.setString(3, older.apiVersion());
                insert.setString(4, older.payloadHash());
                insert.setObject(5, older.observedAt().atOffset(java.time.ZoneOffset.UTC));
                insert.executeUpdate();
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<PageOutcome> write = pool.submit(() -> writer.write(List.of(row("c1", "newer", OBSERVED.plusSeconds(60)),
                        row("c2", "x", OBSERVED)), lastPage(run)));
                awaitCopyWaitingOnALock(tw, write);
                other.commit();

                assertEquals(new PageOutcome(2, 1, 1, 0), write.get(30, java.util.concurrent.TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }
            assertEquals("newer", summary(tw, "c1"));
            assertEquals(2, count(tw, "SELECT count(*) FROM conversations"));
        }
    }

    private static void awaitCopyWaitingOnALock(TestWarehouse tw, Future<?> write) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (count(tw, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM STDIN%'") == 0) {
            assertTrue(!write.isDone(), "the write ended before it met the other writer's row");
            assertTrue(System.nanoTime() < deadline, "the bulk insert never waited on the other writer's row");
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theSamePageAgainChangesNothing(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            List<ConversationRow> page = List.of(row("c1", "a", OBSERVED), row("c2", "b", OBSERVED));
            writer.write(page, lastPage(run));
            List<String> before = lastChanged(tw);

            List<ConversationRow> reread = List.of(row("c1", "a", OBSERVED.plusSeconds(600)),
                    row("c2", "b", OBSERVED.plusSeconds(600)));
            assertEquals(new PageOutcome(2, 0, 0, 2), writer.write(reread, lastPage(run)));
            assertEquals(before, lastChanged(tw));
            assertEquals(OBSERVED, observedAt(tw, "c1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aChangedRowObservedLaterUpdatesOnlyThatRow(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            writer.write(List.of(row("c1", "a", OBSERVED), row("c2", "b", OBSERVED)), lastPage(run));
            List<String> before = lastChanged(tw);
            Instant later = OBSERVED.plusSeconds(600);

            PageOutcome outcome = writer.write(List.of(row("c1", "a", later), row("c2", "b changed", later)),
                    lastPage(run));

            assertEquals(new PageOutcome(2, 0, 1, 1), outcome);
            assertEquals("b changed", summary(tw, "c2"));
            assertEquals(later, observedAt(tw, "c2"));
            List<String> after = lastChanged(tw);
            assertEquals(before.get(0), after.get(0));
            assertTrue(after.get(1).compareTo(before.get(1)) > 0, before + " then " + after);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aChangedRowObservedEarlierDoesNotReplaceTheNewerOne(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            long run = tw.warehouse().runLedger().start("backfill", WINDOW_START, WINDOW_END);
            writer.write(List.of(row("c1", "newer", OBSERVED)), lastPage(run));

            PageOutcome outcome = writer.write(List.of(row("c1", "older", OBSERVED.minusSeconds(3600))),
                    lastPage(run));

            assertEquals(new PageOutcome(1, 0, 0, 1), outcome);
            assertEquals("newer", summary(tw, "c1"));
            assertEquals(OBSERVED, observedAt(tw, "c1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void duplicateIdsInAPageKeepTheLastOccurrence(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);

            PageOutcome outcome = writer.write(List.of(row("c1", "first", OBSERVED), row("c2", "x", OBSERVED),
                    row("c1", "last", OBSERVED)), lastPage(run));

            assertEquals(new PageOutcome(3, 2, 0, 1), outcome);
            assertEquals("last", summary(tw, "c1"));
            assertEquals(2, count(tw, "SELECT count(*) FROM conversations"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theStreamStateIsCommittedWithThePage(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            StateStore state = tw.warehouse().stateStore();
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);

            writer.write(List.of(row("c1", "a", OBSERVED)), page(run, "cursor-2"));
            StreamState mid = state.find("op_1/created_at").orElseThrow();
            assertEquals(new StreamState("op_1/created_at", "op_1", "created_at", null, WINDOW_START, WINDOW_END,
                    "cursor-2", null, null, null, null), mid);
            assertTrue(mid.interrupted());

            writer.write(List.of(row("c2", "b", OBSERVED)), lastPage(run));
            StreamState closed = state.find("op_1/created_at").orElseThrow();
            assertEquals(new StreamState("op_1/created_at", "op_1", "created_at", WINDOW_END, null, null, null,
                    null, null, null, null), closed);

            Instant nextEnd = WINDOW_END.plusSeconds(3600);
            writer.write(List.of(), new PageCommit(run, "op_1/created_at", "op_1", "created_at", WINDOW_END,
                    nextEnd, "cursor-x", 1, 0, 0));
            assertEquals(WINDOW_END, state.find("op_1/created_at").orElseThrow().watermark());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pagesAddTheirCountsToTheRun(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            RunLedger ledger = tw.warehouse().runLedger();
            long run = ledger.start("sync", WINDOW_START, WINDOW_END);
            writer.write(List.of(row("c1", "a", OBSERVED), row("c2", "b", OBSERVED)),
                    new PageCommit(run, "s", "op_1", "created_at", WINDOW_START, WINDOW_END, "p2", 3, 2, 1500));
            writer.write(List.of(row("c1", "a", OBSERVED), row("c2", "b2", OBSERVED.plusSeconds(1))),
                    new PageCommit(run, "s", "op_1", "created_at", WINDOW_START, WINDOW_END, null, 1, 0, 250));
            writer.write(List.of(), new PageCommit(run, "t", null, "completed_at", WINDOW_START, WINDOW_END, null,
                    1, 0, 0));

            RunCounts counts = ledger.find(run).orElseThrow().counts();
            assertEquals(new RunCounts(0, 3, 5, 2, 4, 2, 1, 1, 0, 1750), counts);
            assertEquals(WINDOW_END, tw.warehouse().stateStore().find("t").orElseThrow().watermark());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRowTheWarehouseRefusesIsDeadLetteredAloneAndTheRestCommits(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            ConversationRow noId = Rows.withId(row("x", "bad", OBSERVED), null);
            List<ConversationRow> page = List.of(row("c1", "a", OBSERVED), noId, row("c2", "b", OBSERVED), row("c3", "c", OBSERVED));

            assertEquals(new PageOutcome(3, 3, 0, 0, 1), writer.write(page, page(run, "cursor-2")));

            List<StoredDeadLetter> letters = tw.warehouse().deadLetters().list(DeadLetterFilter.OPEN);
            assertEquals(1, letters.size());
            assertEquals(DeadLetter.LOAD, letters.get(0).letter().stage());
            assertEquals(noId.rawJson(), letters.get(0).letter().payload());
            assertEquals("cursor-2", tw.warehouse().stateStore().find("op_1/created_at").orElseThrow().resumeCursor());
            assertEquals(1, tw.warehouse().runLedger().find(run).orElseThrow().counts().deadLettered());
            assertEquals(3, tw.warehouse().runLedger().find(run).orElseThrow().counts().inserted());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFailureAfterTheRowsAreWrittenRollsThemBack(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); PageWriter writer = tw.warehouse().newPageWriter()) {
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            PageCommit badField = new PageCommit(run, "op_1/created_at", "op_1", "no_such_field", WINDOW_START,
                    WINDOW_END, "cursor-2", 1, 0, 0);
            assertThrows(SQLException.class, () -> writer.write(List.of(row("c1", "a", OBSERVED)), badField));
            assertNothingCommitted(tw, run);

            PageCommit unknownRun = new PageCommit(run + 1000, "op_1/created_at", "op_1", "created_at",
                    WINDOW_START, WINDOW_END, "cursor-2", 1, 0, 0);
            assertThrows(SQLException.class, () -> writer.write(List.of(row("c1", "a", OBSERVED)), unknownRun));
            assertNothingCommitted(tw, run);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void writersInParallelThreadsShareARun(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect)) {
            long run = tw.warehouse().runLedger().start("sync", WINDOW_START, WINDOW_END);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    String stream = "op_" + w + "/created_at";
                    int writerNo = w;
                    done.add(pool.submit(() -> {
                        try (PageWriter writer = tw.warehouse().newPageWriter()) {
                            for (int p = 0; p < 5; p++) {
                                List<ConversationRow> page = new ArrayList<>();
                                for (int i = 0; i < 50; i++) {
                                    page.add(row("c" + writerNo + "_" + p + "_" + i, "s", OBSERVED));
                                }
                                writer.write(page, new PageCommit(run, stream, "op_" + writerNo, "created_at",
                                        WINDOW_START, WINDOW_END, p < 4 ? "cursor" + p : null, 1, 0, 0));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(1000, count(tw, "SELECT count(*) FROM conversations"));
            RunCounts counts = tw.warehouse().runLedger().find(run).orElseThrow().counts();
            assertEquals(20, counts.pages());
            assertEquals(1000, counts.inserted());
        }
    }

    private static void assertNothingCommitted(TestWarehouse tw, long run) throws Exception {
        assertEquals(0, count(tw, "SELECT count(*) FROM conversations"));
        assertEquals(0, count(tw, "SELECT count(*) FROM sync_state"));
        assertEquals(new RunCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                tw.warehouse().runLedger().find(run).orElseThrow().counts());
    }

    private static PageCommit page(long run, String nextCursor) {
        return new PageCommit(run, "op_1/created_at", "op_1", "created_at", WINDOW_START, WINDOW_END, nextCursor,
                1, 0, 0);
    }

    private static PageCommit lastPage(long run) {
        return page(run, null);
    }

    private static void assertRowEquals(Dialect dialect, ConversationRow expected, Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM conversations WHERE id = ?")) {
            ps.setString(1, expected.id());
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), expected.id());
                assertEquals(expected.operatorId(), rs.getString("operator_id"));
                assertEquals(expected.agentId(), rs.getString("agent_id"));
                assertEquals(expected.customerId(), rs.getString("customer_id"));
                assertEquals(expected.livemode(), rs.getObject("livemode", Boolean.class));
                assertEquals(expected.direction(), rs.getString("direction"));
                assertEquals(expected.status(), rs.getString("status"));
                assertEquals(expected.channelType(), rs.getString("channel_type"));
                assertEquals(expected.phoneNo(), rs.getString("phone_no"));
                assertEquals(expected.createdAt(), Jdbc.getInstant(rs, "created_at"));
                assertEquals(expected.startedAt(), Jdbc.getInstant(rs, "started_at"));
                assertEquals(expected.completedAt(), Jdbc.getInstant(rs, "completed_at"));
                assertEquals(expected.postprocessedAt(), Jdbc.getInstant(rs, "postprocessed_at"));
                assertEquals(expected.postprocessed(), rs.getObject("postprocessed", Boolean.class));
                assertEquals(expected.transferred(), rs.getObject("transferred", Boolean.class));
                assertEquals(expected.durationSec(), rs.getObject("duration_sec", Double.class));
                assertEquals(expected.sentiment(), rs.getString("sentiment"));
                assertEquals(expected.failureReason(), rs.getString("failure_reason"));
                assertEquals(expected.zendeskTicketId(), rs.getString("zendesk_ticket_id"));
                assertEquals(expected.summary(), rs.getString("summary"));
                assertJsonEquals(expected.scenariosJson(), rs.getString("scenarios"));
                assertJsonEquals(expected.customFieldsJson(), rs.getString("custom_fields"));
                if (dialect == Dialect.POSTGRESQL) {
                    assertEquals(expected.rawJson(), rs.getString("_raw"));
                } else {
                    assertJsonEquals(expected.rawJson(), rs.getString("_raw"));
                }
                assertEquals(expected.apiVersion(), rs.getString("_api_version"));
                assertEquals(expected.payloadHash(), rs.getString("_payload_hash"));
                assertEquals(expected.observedAt(), Jdbc.getInstant(rs, "_observed_at"));
            }
        }
    }

    private static void assertJsonEquals(String expected, String actual) throws Exception {
        if (expected == null) {
            assertNull(actual);
        } else {
            assertEquals(JSON.readTree(expected), JSON.readTree(actual));
        }
    }

    private static List<String> lastChanged(TestWarehouse tw) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = tw.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT _last_changed_at FROM conversations ORDER BY id")) {
            while (rs.next()) {
                values.add(rs.getObject(1, OffsetDateTime.class).toInstant().toString());
            }
        }
        return values;
    }

    private static String summary(TestWarehouse tw, String id) throws Exception {
        try (Connection c = tw.connect();
             PreparedStatement ps = c.prepareStatement("SELECT summary FROM conversations WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static Instant observedAt(TestWarehouse tw, String id) throws Exception {
        try (Connection c = tw.connect();
             PreparedStatement ps = c.prepareStatement("SELECT _observed_at FROM conversations WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Jdbc.getInstant(rs, "_observed_at");
            }
        }
    }

    private static long count(TestWarehouse tw, String query) throws Exception {
        try (Connection c = tw.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
