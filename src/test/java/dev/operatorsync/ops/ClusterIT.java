package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Several {@code run} instances on one PostgreSQL schema, as real processes: each fire of the schedule runs on one
 * instance, a killed instance's schedule moves to a survivor, and a backfill accepted by an instance that is then
 * killed is continued by another, and when that one is stopped, by the third. {@code ClusterSoak} (the soak profile) repeats the kills at random and reports the failover times.
 */
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PERIOD = Duration.ofSeconds(5);
    static final String SCHEDULE = "*/5 * * * * ?";
    static final Duration CHECKIN = Duration.ofSeconds(1);
    /** The machine runs several builds at once: a loaded JVM notices and starts things late by this much. */
    static final Duration SLACK = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void each_fire_runs_on_one_instance_and_a_killed_instance_s_schedule_moves_to_a_survivor() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(300).withOperators(2).withPageSize(25);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options);
             TestWarehouse warehouse = TestWarehouse.open(Dialect.POSTGRESQL);
             Cluster cluster = new Cluster(simulator, options, warehouse, SCHEDULE, CHECKIN, Duration.ofMillis(300))) {
            for (String id : List.of("node-1", "node-2", "node-3")) {
                cluster.start(id);
            }
            cluster.await("three finished syncs", WAIT, () -> Optional.of(cluster.runs("sync")).filter(r -> finished(r) >= 3));
            cluster.awaitReady(WAIT);

            Duration failover = cluster.killTheRunningNodeAndMeasureFailover(WAIT);
            System.out.println("ClusterIT: the schedule moved to a survivor in " + failover.toMillis() + " ms");
            Duration bound = cluster.failoverBound(PERIOD).plus(SLACK);
            assertTrue(failover.compareTo(bound) <= 0, "the schedule moved in " + failover + ", more than " + bound);

            assertSucceededRunsNeverOverlap(cluster.runs("sync"));
            for (Cluster.Run run : cluster.runs("sync")) {
                assertTrue(cluster.byPid(run.pid()).isPresent(), "run " + run.runId() + " by a process outside the cluster");
            }
        }
    }

    @Test
    void a_backfill_outlives_a_killed_instance_and_a_stopped_one() throws Exception {
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(900).withOperators(2)
                .withPageSize(20).withStart(start);
        Instant from = Instant.parse("2026-02-01T00:00:00Z");
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options);
             TestWarehouse warehouse = TestWarehouse.open(Dialect.POSTGRESQL);
             // no sync fires during the test: the table holds what the backfill loaded
             Cluster cluster = new Cluster(simulator, options, warehouse, "0 0 0 1 1 ? 2099", CHECKIN, Duration.ofMillis(150))) {
            Cluster.Node accepting = cluster.start("node-a");
            cluster.start("node-b");
            cluster.start("node-c");
            cluster.awaitReady(WAIT);

            long id = JSON.readTree(Cluster.submitBackfill(accepting,
                    "{\"from\": \"2026-02-01\", \"to\": \"2026-03-01\", \"window\": \"P7D\"}")).get("id").asLong();
            awaitWindowsDone(cluster, id, 1);
            cluster.kill(accepting);
            // killed: the others take it over once its check-ins lapse
            String second = cluster.await("the backfill taken over", WAIT, () -> Optional.of(backfill(cluster, id))
                    .filter(b -> !accepting.id().equals(b.get(2))).map(b -> b.get(2)));
            Cluster.Node secondNode = cluster.alive().stream().filter(n -> n.id().equals(second)).findFirst().orElseThrow();
            awaitWindowsDone(cluster, id, Integer.parseInt(backfill(cluster, id).get(1)) + 1);
            // stopped (SIGTERM, as in a rolling update): it leaves the backfill to the last one at once
            assertEquals(0, secondNode.process().terminate(WAIT), secondNode.process().output());

            cluster.await("the backfill finished", WAIT, () -> Optional.of(backfill(cluster, id)).filter(b -> !"running".equals(b.get(0))));
            List<String> finished = backfill(cluster, id);
            String third = cluster.alive().get(0).id();
            assertEquals(List.of("succeeded", "8", third), finished, cluster.output());
            List<Cluster.Run> runs = cluster.runs("backfill");
            assertEquals(List.of("failed", "failed", "succeeded"), runs.stream().map(Cluster.Run::status).toList());
            assertTrue(runs.get(0).error().contains("node-a"), "the lost instance's run names it: " + runs.get(0).error());
            assertEquals(expectedIds(simulator, options, from, start), loadedIds(warehouse));
        }
    }

    private static void awaitWindowsDone(Cluster cluster, long id, int windows) throws SQLException {
        cluster.await(windows + " windows of the backfill done", WAIT, () -> Optional.of(backfill(cluster, id))
                .filter(b -> Integer.parseInt(b.get(1)) >= windows));
        assertEquals("running", backfill(cluster, id).get(0), "the backfill is stopped half-way");
    }

    /** status, windows done, instance. */
    private static List<String> backfill(Cluster cluster, long id) throws SQLException {
        return cluster.row("SELECT b.status, (SELECT count(*) FROM backfill_windows w WHERE w.backfill_id = b.backfill_id"
                + " AND w.status = 'done'), b.instance FROM backfills b WHERE b.backfill_id = ?", id);
    }

    static long finished(List<Cluster.Run> runs) {
        return runs.stream().filter(r -> r.finishedAt() != null).count();
    }

    static void assertSucceededRunsNeverOverlap(List<Cluster.Run> runs) {
        List<Cluster.Run> succeeded = runs.stream().filter(r -> "succeeded".equals(r.status()))
                .sorted(java.util.Comparator.comparing(Cluster.Run::startedAt)).toList();
        for (int i = 1; i < succeeded.size(); i++) {
            Cluster.Run previous = succeeded.get(i - 1);
            Cluster.Run next = succeeded.get(i);
            assertTrue(!next.startedAt().isBefore(previous.finishedAt()), "run " + next.runId() + " (pid " + next.pid()
                    + ") started before run " + previous.runId() + " (pid " + previous.pid() + ") finished");
        }
    }

    private static Set<String> expectedIds(OperatorApiSimulator simulator, SimulatorOptions options, Instant from, Instant to)
            throws Exception {
        Set<String> ids = new TreeSet<>();
        for (String operator : OperatorApiSimulator.operatorIds(options.operators())) {
            for (String raw : simulator.listing(ApiVersion.V2024_11_11, operator)) {
                JsonNode conversation = JSON.readTree(raw);
                Instant created = Instant.parse(conversation.get("created_at").asText());
                if (!created.isBefore(from) && created.isBefore(to)) {
                    ids.add(conversation.get("id").asText());
                }
            }
        }
        return ids;
    }

    private static Set<String> loadedIds(TestWarehouse warehouse) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (Connection c = warehouse.connect(); PreparedStatement ps = c.prepareStatement("SELECT id FROM conversations");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
