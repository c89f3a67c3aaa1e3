package dev.operatorsync.warehouse;

import java.time.Instant;

/** One {@code sync_runs} row: a sync, backfill or replay. */
public record RunRecord(long runId, String kind, String status, Instant startedAt, Instant finishedAt,
                        Instant windowStart, Instant windowEnd, RunCounts counts, String error) {
}
