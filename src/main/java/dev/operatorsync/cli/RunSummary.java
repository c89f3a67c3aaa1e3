package dev.operatorsync.cli;

import dev.operatorsync.config.Redactor;
import dev.operatorsync.warehouse.RunCounts;
import dev.operatorsync.warehouse.RunRecord;
import java.time.Duration;

/** The one line a command prints about a finished run. */
final class RunSummary {
    private RunSummary() {
    }

    static String line(RunRecord run) {
        RunCounts c = run.counts();
        Duration took = Duration.between(run.startedAt(), run.finishedAt());
        String line = String.format("run %d %s in %.1fs: %d streams, %d pages, %d fetched, %d inserted, %d updated, %d unchanged, %d dead-lettered",
                run.runId(), run.status(), took.toMillis() / 1000.0, c.streams(), c.pages(), c.fetched(), c.inserted(),
                c.updated(), c.unchanged(), c.deadLettered());
        return run.error() == null ? line : line + System.lineSeparator() + "  " + Redactor.redact(run.error());
    }
}
