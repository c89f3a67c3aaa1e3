package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * What a page, or a run of consecutive pages of one stream, commits beside its rows: the stream's resume
 * point and the pages' request counts.
 *
 * @param streamId   null for a page written outside any stream (a replay), which moves no stream's state
 * @param operatorId nullable (2025-06-19 streams span all operators)
 * @param field      {@code created_at}, {@code completed_at} or {@code postprocessed_at}
 * @param nextCursor the cursor of the next page; null when this page closes the window
 * @param backfillWindowId where the progress goes: null for the stream's {@code sync_state} row (the
 *                   incremental sync), else the backfill window's {@code backfill_windows} row, which
 *                   leaves the live watermarks alone
 * @param pages      how many pages commit together
 */
public record PageCommit(long runId, String streamId, String operatorId, String field, Instant windowStart,
                         Instant windowEnd, String nextCursor, int requests, int retries, long rateLimitWaitMillis,
                         Long backfillWindowId, int pages) {
    /** One page. */
    public PageCommit(long runId, String streamId, String operatorId, String field, Instant windowStart,
                      Instant windowEnd, String nextCursor, int requests, int retries, long rateLimitWaitMillis,
                      Long backfillWindowId) {
        this(runId, streamId, operatorId, field, windowStart, windowEnd, nextCursor, requests, retries, rateLimitWaitMillis,
                backfillWindowId, 1);
    }

    /** A page of the incremental sync: its progress goes to {@code sync_state}. */
    public PageCommit(long runId, String streamId, String operatorId, String field, Instant windowStart,
                      Instant windowEnd, String nextCursor, int requests, int retries, long rateLimitWaitMillis) {
        this(runId, streamId, operatorId, field, windowStart, windowEnd, nextCursor, requests, retries, rateLimitWaitMillis, null);
    }

    /** This page and {@code next}, the stream's page after it, committed together: next's resume point, both counts. */
    public PageCommit followedBy(PageCommit next) {
        return new PageCommit(next.runId, next.streamId, next.operatorId, next.field, next.windowStart, next.windowEnd,
                next.nextCursor, requests + next.requests, retries + next.retries, rateLimitWaitMillis + next.rateLimitWaitMillis,
                next.backfillWindowId, pages + next.pages);
    }
}
