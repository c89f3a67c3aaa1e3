package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * What a page commits beside its rows: the stream's resume point and the page's request counts.
 *
 * @param streamId   null for a page written outside any stream (a replay), which moves no stream's state
 * @param operatorId nullable (2025-06-19 streams span all operators)
 * @param field      {@code created_at}, {@code completed_at} or {@code postprocessed_at}
 * @param nextCursor the cursor of the next page; null when this page closes the window
 */
public record PageCommit(long runId, String streamId, String operatorId, String field, Instant windowStart,
                         Instant windowEnd, String nextCursor, int requests, int retries, long rateLimitWaitMillis) {
}
