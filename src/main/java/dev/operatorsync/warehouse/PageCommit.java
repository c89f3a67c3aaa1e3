package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * What a page commits beside its rows: the stream's resume point and the page's request counts.
 *
 * @param streamId   null for a page written outside any stream (a replay), which moves no stream's state
 * @param operatorId nullable (2025-06-19 streams span all operators)
 * @param field      {@code created_at}, {@code completed_at} or {@code postprocessed_at}
 * @param nextCursor the cursor of the next page; null when this page closes the window
 * @param backfillWindowId where the progress goes: null for the stream's {@code sync_state} row (the
 *                   incremental sync), else the backfill window's {@code backfill_windows} row, which
 *                   leaves the live watermarks alone
 */
public record PageCommit(long runId, String streamId, String operatorId, String field, Instant windowStart,
                         Instant windowEnd, String nextCursor, int requests, int retries, long rateLimitWaitMillis,
                         Long backfillWindowId) {
    /** A page of the incremental sync: its progress goes to {@code sync_state}. */
    public PageCommit(long runId, String streamId, String operatorId, String field, Instant windowStart,
                      Instant windowEnd, String nextCursor, int requests, int retries, long rateLimitWaitMillis) {
        this(runId, streamId, operatorId, field, windowStart, windowEnd, nextCursor, requests, retries, rateLimitWaitMillis, null);
    }
}
