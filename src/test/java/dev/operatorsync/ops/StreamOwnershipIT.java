package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scale, as real processes on one PostgreSQL schema: three {@code run} instances and a cron {@code sync} beside them.
 * One instance is stopped (SIGSTOP) in the middle of a sync for longer than its lease, the cron sync takes over its
 * streams, and the woken instance commits nothing more; another is killed. What each process committed is recorded
 * by the warehouse itself (triggers the test installs), not read from logs: no stream ever has pages of two runs
 * interleaved, and at the end the table holds every conversation the API lists.
 */
class StreamOwnershipIT {
    private static final Duration CHECKIN = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withPort(0).withConversations(1200)
            .withOperators(3).withPageSize(20).withArrivalsPerMinute(0);

    @Test
    void a_stalled_instance_commits_nothing_after_waking_and_no_stream_is_loaded_by_two_processes_at_once() throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS);
             TestWarehouse warehouse = TestWarehouse.open(Dialect.POSTGRESQL);
             Cluster cluster = new Cluster(simulator, OPTIONS, warehouse, "*/4 * * * * ?", CHECKIN, Duration.ofMillis(120))) {
            recordPageCommits(warehouse);
            for (String id : List.of("node-1", "node-2", "node-3")) {
                cluster.start(id);
            }

            Cluster.Node stalled = cluster.await("a node running a sync", WAIT, cluster::nodeRunningASync);
            long stalledRun = cluster.await("its run", WAIT, () -> runningRunOf(cluster, stalled.process().pid()));
            cluster.await("a page of that run", WAIT, () -> Optional.of(pagesOf(warehouse, stalledRun)).filter(n -> n > 0));
            stalled.process().signal("STOP");
            Instant stoppedAt = Instant.now();
            try (CliProcess cron = cluster.sync("cron-sync")) {
                assertEquals(0, cron.exitCode(WAIT), cron.output());
            }
            Cluster.Run lost = cluster.runs("sync").stream().filter(r -> r.runId() == stalledRun).findFirst().orElseThrow();
            assertEquals("failed", lost.status(), "the cron sync closed the stalled instance's run as lost");
            assertTrue(lost.error().contains("(node-") && lost.error().contains("was lost"), lost.error());
            stalled.process().signal("CONT");
            stalled.process().awaitWhileAlive("the woken instance to find its run closed and stop writing", WAIT,
                    () -> stalled.process().output().contains("was closed by another process while this one stalled"));
            System.out.println("StreamOwnershipIT: " + stalled.id() + " stopped for "
                    + Duration.between(stoppedAt, Instant.now()).toMillis() + " ms");

            Cluster.Node victim = cluster.await("a node running a sync", WAIT, cluster::nodeRunningASync);
            Instant killed = cluster.kill(victim);
            cluster.await("a sync that started and succeeded after the kill", WAIT, () -> cluster.runs("sync").stream()
                    .filter(r -> r.startedAt().isAfter(killed) && "succeeded".equals(r.status())).findFirst());

            List<Commit> commits = pageCommits(warehouse);
            assertNoStreamInterleavesTwoRuns(commits);
            assertTrue(commits.stream().filter(c -> c.runId() == stalledRun).noneMatch(c -> c.at().isAfter(lost.finishedAt())),
                    "the stalled instance committed after its run was closed as lost");
            assertEquals(listing(simulator), ids(warehouse), "every conversation the API lists, none missing\n" + cluster.output());
        }
    }

    record Commit(String streamId, long runId, Instant at) {
    }

    /** Each committed page leaves one row per stream it moved, with its run: both updates share the transaction. */
    private static void recordPageCommits(TestWarehouse warehouse) throws SQLException {
        String schema = warehouse.schema();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + schema + ".audit_writes (tx bigint, stream_id text, run_id bigint, at timestamptz DEFAULT clock_timestamp())");
            s.execute("CREATE FUNCTION " + schema + ".audit_state() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "
                    + schema + ".audit_writes (tx, stream_id) VALUES (txid_current(), NEW.stream_id); RETURN NEW; END $$");
            s.execute("CREATE FUNCTION " + schema + ".audit_run() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.pages <> OLD.pages THEN INSERT INTO "
                    + schema + ".audit_writes (tx, run_id) VALUES (txid_current(), NEW.run_id); END IF; RETURN NEW; END $$");
            s.execute("CREATE TRIGGER audit_state AFTER INSERT OR UPDATE ON " + schema + ".sync_state FOR EACH ROW EXECUTE FUNCTION "
                    + schema + ".audit_state()");
            s.execute("CREATE TRIGGER audit_run AFTER UPDATE ON " + schema + ".sync_runs FOR EACH ROW EXECUTE FUNCTION "
                    + schema + ".audit_run()");
        }
    }

    private static List<Commit> pageCommits(TestWarehouse warehouse) throws SQLException {
        List<Commit> commits = new ArrayList<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT st.stream_id, r.run_id, st.at FROM audit_writes st JOIN audit_writes r ON r.tx = st.tx AND r.run_id IS NOT NULL"
                        + " WHERE st.stream_id IS NOT NULL ORDER BY st.at")) {
            while (rs.next()) {
                commits.add(new Commit(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant()));
            }
        }
        return commits;
    }

    /** Once a stream has a page of a later run, no earlier run commits to it again. */
    private static void assertNoStreamInterleavesTwoRuns(List<Commit> commits) {
        Map<String, List<Long>> runsByStream = new HashMap<>();
        for (Commit commit : commits) {
            List<Long> runs = runsByStream.computeIfAbsent(commit.streamId(), s -> new ArrayList<>());
            if (runs.isEmpty() || runs.get(runs.size() - 1) != commit.runId()) {
                assertTrue(!runs.contains(commit.runId()), "stream " + commit.streamId() + " had pages of run " + commit.runId()
                        + " after pages of another run " + runs);
                runs.add(commit.runId());
            }
        }
        assertTrue(runsByStream.size() >= OPTIONS.operators(), "pages were recorded: " + runsByStream.keySet());
    }

    private static Optional<Long> runningRunOf(Cluster cluster, long pid) throws SQLException {
        return cluster.runs("sync").stream().filter(r -> r.pid() == pid && "running".equals(r.status()))
                .map(Cluster.Run::runId).findFirst();
    }

    private static long pagesOf(TestWarehouse warehouse, long runId) throws SQLException {
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pages FROM sync_runs WHERE run_id = " + runId)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> listing(OperatorApiSimulator simulator) {
        Set<String> ids = new HashSet<>();
        for (String operator : OperatorApiSimulator.operatorIds(OPTIONS.operators())) {
            simulator.listing(ApiVersion.V2024_11_11, operator)
                    .forEach(raw -> ids.add(raw.substring(raw.indexOf("\"id\":\"") + 6, raw.indexOf('"', raw.indexOf("\"id\":\"") + 6))));
        }
        return ids;
    }

    private static Set<String> ids(TestWarehouse warehouse) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM conversations")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
