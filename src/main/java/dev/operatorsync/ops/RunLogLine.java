package dev.operatorsync.ops;

import dev.operatorsync.warehouse.RunCounts;
import dev.operatorsync.warehouse.RunRecord;
import java.time.Duration;
import java.util.Locale;

/**
 * The one summary line logged per run (and per backfill window): streams, pages, records by outcome,
 * requests, retries, rate-limit waits, duration; then the error of a failed run. Same facts as the
 * {@code sync_runs} row, so a log search and a SQL query agree.
 */
public final class RunLogLine {
    /** The MDC key holding the run id on every line of a run. */
    public static final String MDC_RUN_ID = "run_id";

    private RunLogLine() {
    }

    public static String of(RunRecord run) {
        RunCounts c = run.counts();
        Duration took = run.finishedAt() == null ? Duration.ZERO : Duration.between(run.startedAt(), run.finishedAt());
        String line = String.format(Locale.ROOT,
                "run %d %s %s in %.1fs: %d streams, %d pages, %d requests, %d retries, %.1fs waited on rate limits; records: "
                        + "%d fetched, %d inserted, %d updated, %d unchanged, %d dead-lettered",
                run.runId(), run.kind(), run.status(), took.toMillis() / 1000.0, c.streams(), c.pages(), c.requests(), c.retries(),
                c.rateLimitWaitMillis() / 1000.0, c.fetched(), c.inserted(), c.updated(), c.unchanged(), c.deadLettered());
        return run.error() == null ? line : line + "; error: " + run.error();
    }
}
