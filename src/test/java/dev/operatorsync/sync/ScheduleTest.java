package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Quartz route of the {@code run} command: it fires on sync.schedule and never overlaps two runs. */
class ScheduleTest {
    @Test
    void the_schedule_fires_runs_that_never_overlap() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(1500).withPageSize(30);
        try (SyncHarness h = SyncHarness.start(Dialect.DUCKDB, ApiVersion.V2024_11_11, options,
                Map.of("sync.schedule", "* * * * * ?"), true)) {
            List<RunRecord> runs = awaitFinishedRuns(h, 4, Duration.ofSeconds(60));
            runs.sort(Comparator.comparingLong(RunRecord::runId));
            for (int i = 1; i < runs.size(); i++) {
                RunRecord previous = runs.get(i - 1);
                RunRecord next = runs.get(i);
                assertTrue(!next.startedAt().isBefore(previous.finishedAt()),
                        "run " + next.runId() + " started before run " + previous.runId() + " finished");
            }
            runs.forEach(r -> assertEquals("succeeded", r.status(), r.error()));
        }
    }

    private static List<RunRecord> awaitFinishedRuns(SyncHarness h, int wanted, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<RunRecord> finished = new java.util.ArrayList<>(h.warehouse.warehouse().runLedger().recent(50).stream()
                    .filter(r -> r.finishedAt() != null).toList());
            if (finished.size() >= wanted) {
                return finished;
            }
            Thread.onSpinWait();
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + wanted + " scheduled runs finished within " + timeout);
    }
}
