package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 8 for many minutes, outside the default build ({@code mvn -Psoak verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=WarehouseFaultsSoak}): round after round, a fresh
 * schema, a history of random size and page delay on either API version, and {@code sync} children whose warehouse
 * connections are cut at random instants until one exits 0. Prints how many cuts, runs and conversations it
 * survived, and how many conversations a run that claimed success had missing: that must be 0.
 * {@code -Dsoak.duration=PT30M} sets how long (default 10 minutes); {@code -Dsoak.seed=N} replays a seed.
 */
class WarehouseFaultsSoak {

    @Test
    void random_cuts_for_many_minutes_lose_nothing() throws Exception {
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT10M"));
        long seed = Long.getLong("soak.seed", System.nanoTime());
        Random random = new Random(seed);
        long end = System.nanoTime() + duration.toNanos();
        int rounds = 0;
        int cuts = 0;
        int runs = 0;
        long conversations = 0;
        long missing = 0;
        List<String> problems = new ArrayList<>();
        while (System.nanoTime() < end) {
            rounds++;
            ApiVersion version = ApiVersion.values()[random.nextInt(ApiVersion.values().length)];
            SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withSeed(random.nextLong())
                    .withConversations(150 + random.nextInt(450)).withOperators(1 + random.nextInt(3)).withPageSize(10 + random.nextInt(40));
            Duration slowPage = Duration.ofMillis(50 + random.nextInt(200));
            try (WarehouseFaultTrial trial = WarehouseFaultTrial.start(version, options, slowPage)) {
                RandomCuts.Outcome outcome = RandomCuts.run(trial, random, 1 + random.nextInt(5), 20, "soak-" + rounds);
                Map<String, String> truth = trial.truth();
                List<String> left = trial.read().missingFrom(truth);
                cuts += outcome.cuts();
                runs += outcome.runs();
                conversations += outcome.conversations();
                missing += outcome.missing() + left.size();
                problems.addAll(outcome.problems());
                if (!left.isEmpty()) {
                    problems.add("soak-" + rounds + " ended with " + left.size() + " of " + truth.size() + " conversations missing or stale");
                }
                System.out.println("WarehouseFaultsSoak round " + rounds + " (" + version.header() + ", page delay " + slowPage.toMillis()
                        + " ms): " + outcome.figures() + ", missing at the end " + left.size());
            }
        }
        System.out.println("WarehouseFaultsSoak (-Dsoak.seed=" + seed + ", " + duration + "): rounds=" + rounds + " cuts=" + cuts
                + " runs=" + runs + " conversations=" + conversations + " missing=" + missing);
        assertEquals(List.of(), problems);
        assertEquals(0, missing, "conversations missing after a run that claimed success");
    }
}
