package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The randomized, longer {@link ClusterIT} (soak profile: {@code mvn -Psoak verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}): three {@code run} instances; again and again the one running a sync is
 * killed and a fresh instance takes its place; every third round a backfill is submitted to a random instance, which
 * is killed or stopped (SIGTERM) half-way. Prints the failover times (min / median / max). System properties: {@code soak.kills} (10 kills
 * of the node running a sync),
 * {@code soak.checkin-interval} (PT7.5S, the default), {@code soak.seed}.
 */
class ClusterSoak {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PERIOD = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void the_schedule_and_the_backfills_survive_repeated_kills() throws Exception {
        int kills = Integer.getInteger("soak.kills", 10);
        Duration checkin = Duration.parse(System.getProperty("soak.checkin-interval", "PT7.5S"));
        long seed = Long.getLong("soak.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("ClusterSoak: seed " + seed + ", check-in " + checkin + ", period " + PERIOD + ", " + kills + " kills");
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(600).withOperators(2)
                .withPageSize(20).withStart(Instant.parse("2026-03-01T00:00:00Z"));
        List<Duration> failovers = new ArrayList<>();
        List<Duration> takeovers = new ArrayList<>();
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options);
             TestWarehouse warehouse = TestWarehouse.open(Dialect.POSTGRESQL);
             Cluster cluster = new Cluster(simulator, options, warehouse, "*/10 * * * * ?", checkin, Duration.ofMillis(400))) {
            int started = 0;
            for (; started < 3; started++) {
                cluster.start("node-" + started);
            }
            cluster.await("a finished sync", WAIT, () -> Optional.of(cluster.runs("sync")).filter(r -> ClusterIT.finished(r) >= 1));
            for (int round = 0; failovers.size() < kills; round++) {
                if (round % 3 == 2) {
                    takeovers.add(stopABackfillsInstance(cluster, random));
                } else {
                    Duration failover = cluster.killTheRunningNodeAndMeasureFailover(WAIT);
                    System.out.println("ClusterSoak: kill " + (failovers.size() + 1) + ": the schedule moved in " + failover.toMillis() + " ms");
                    failovers.add(failover);
                    Duration bound = cluster.failoverBound(PERIOD).plus(ClusterIT.SLACK);
                    assertTrue(failover.compareTo(bound) <= 0, "the schedule moved in " + failover + ", more than " + bound);
                }
                cluster.start("node-" + started++);
                cluster.awaitReady(WAIT);
            }
            ClusterIT.assertSucceededRunsNeverOverlap(cluster.runs("sync"));
            System.out.println("ClusterSoak: schedule failover over " + failovers.size() + " kills: " + summary(failovers));
            System.out.println("ClusterSoak: backfill takeover over " + takeovers.size() + " kills: " + summary(takeovers));
        }
    }

    /**
     * Submits a backfill to a random live node and, half-way, kills it (SIGKILL) or stops it (SIGTERM) at random; returns
     * how long until another node continued it.
     */
    private static Duration stopABackfillsInstance(Cluster cluster, Random random) throws Exception {
        List<Cluster.Node> alive = cluster.alive();
        Cluster.Node victim = alive.get(random.nextInt(alive.size()));
        long id = JSON.readTree(Cluster.submitBackfill(victim, "{\"from\": \"2026-02-01\", \"to\": \"2026-03-01\", \"window\": \"P7D\"}"))
                .get("id").asLong();
        String status = "SELECT status, instance FROM backfills WHERE backfill_id = ?";
        cluster.await("a page of the backfill", WAIT, () -> Optional.of(cluster.row(
                "SELECT sum(pages) FROM backfill_windows WHERE backfill_id = ?", id)).filter(r -> r.get(0) != null && !"0".equals(r.get(0))));
        boolean kill = random.nextBoolean();
        Instant stopped = Instant.now();
        if (kill) {
            cluster.kill(victim);
        } else {
            assertEquals(0, victim.process().terminate(WAIT), victim.process().output());
        }
        List<String> takenOver = cluster.await("the backfill taken over", WAIT,
                () -> Optional.of(cluster.row(status, id)).filter(r -> !victim.id().equals(r.get(1))));
        Duration takeover = Duration.between(stopped, Instant.now());
        List<String> finished = cluster.await("the backfill finished", WAIT,
                () -> Optional.of(cluster.row(status, id)).filter(r -> !"running".equals(r.get(0))));
        assertEquals(List.of("succeeded", takenOver.get(1)), finished, cluster.output());
        System.out.println("ClusterSoak: backfill " + id + " of " + (kill ? "killed " : "stopped ") + victim.id() + " taken over by "
                + takenOver.get(1) + " in " + takeover.toMillis() + " ms");
        return takeover;
    }

    private static String summary(List<Duration> times) {
        if (times.isEmpty()) {
            return "none";
        }
        List<Long> ms = times.stream().map(Duration::toMillis).sorted().toList();
        return "min " + ms.get(0) + " ms, median " + ms.get(ms.size() / 2) + " ms, max " + ms.get(ms.size() - 1) + " ms";
    }
}
