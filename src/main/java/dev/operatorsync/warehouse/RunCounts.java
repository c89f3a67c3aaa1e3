package dev.operatorsync.warehouse;

/** The counters of one {@code sync_runs} row. */
public record RunCounts(int streams, int pages, int requests, int retries, long fetched, long inserted, long updated,
                        long unchanged, long deadLettered, long rateLimitWaitMillis) {
}
