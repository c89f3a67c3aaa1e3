package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * One {@code backfills} row with its progress: windows done of all, records fetched over every invocation,
 * and the run (the {@code sync_runs} row of its latest invocation).
 *
 * @param operatorId null: every configured operator (2024-11-11) or the account (2025-06-19)
 * @param runFetched records fetched by the latest invocation only, for its rate
 */
public record BackfillRecord(long backfillId, Instant from, Instant to, String operatorId, long windowSeconds,
                             String status, String requestedBy, Long runId, Instant createdAt, Instant finishedAt,
                             String error, String runStatus, Instant runStartedAt, long runFetched, long windows,
                             long windowsDone, long fetched) {
}
