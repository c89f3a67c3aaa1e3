package dev.operatorsync.sync;

import dev.operatorsync.warehouse.PageOutcome;
import java.time.Instant;

/**
 * One stream's window in one run: which filter it pages over, the window [start, end), and where the
 * paging stands. The routes loop while it is {@link #isUnfinished() unfinished}.
 */
public final class StreamRun {
    private final String streamId;
    private final String operatorId;
    private final StreamKind kind;
    private final Instant windowStart;
    private final Instant windowEnd;
    /** The backfill window this stream loads, or null for a stream of the incremental sync. */
    private final Long backfillWindowId;
    /** False for a reconcile's window: its pages commit no resume point, a reconcile run again starts over. */
    private final boolean recordsProgress;
    private String cursor;
    /** The cursor an interrupted run left (null when the window starts from its beginning); refused once, it is dropped. */
    private String storedCursor;
    /** Where the stream stands in the warehouse: the cursor after its last committed page, or its resume cursor. */
    private volatile String committedCursor;
    /** Whether its last committed page was the window's last (its watermark or window progress is committed). */
    private volatile boolean windowCommitted;
    /** Warehouse failures since the last committed page; warehouseRetries allows warehouse.retry.max-attempts. */
    private int warehouseFailures;
    /** Its fetched pages waiting to commit, in order, one write at a time. */
    private final PageQueue<PageLoader.PendingPage> pageQueue = new PageQueue<>();
    private boolean finished;
    /** Whether the last page written inserted every one of its rows: then the next one likely does too. */
    private volatile boolean lastPageAllNew;
    private int pages;
    private int retries;
    private long rateLimitWaitNanos;
    /** System.nanoTime() of a 429 whose retry has not started yet, else 0. */
    private long rateLimitedSince;

    public StreamRun(String streamId, String operatorId, StreamKind kind, Instant windowStart, Instant windowEnd, String resumeCursor) {
        this(streamId, operatorId, kind, windowStart, windowEnd, resumeCursor, null);
    }

    /** A backfill window: a created_at stream whose progress goes to its {@code backfill_windows} row. */
    public StreamRun(String streamId, String operatorId, Instant windowStart, Instant windowEnd, String resumeCursor,
                     long backfillWindowId) {
        this(streamId, operatorId, StreamKind.CREATED, windowStart, windowEnd, resumeCursor, backfillWindowId);
    }

    private StreamRun(String streamId, String operatorId, StreamKind kind, Instant windowStart, Instant windowEnd,
                      String resumeCursor, Long backfillWindowId) {
        this(streamId, operatorId, kind, windowStart, windowEnd, resumeCursor, backfillWindowId, true);
    }

    private StreamRun(String streamId, String operatorId, StreamKind kind, Instant windowStart, Instant windowEnd,
                      String resumeCursor, Long backfillWindowId, boolean recordsProgress) {
        this.streamId = streamId;
        this.operatorId = operatorId;
        this.kind = kind;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.cursor = resumeCursor;
        this.storedCursor = resumeCursor;
        this.committedCursor = resumeCursor;
        this.backfillWindowId = backfillWindowId;
        this.recordsProgress = recordsProgress;
    }

    /** A reconcile's created_at window: listed from its start, its pages moving no stream's state. */
    static StreamRun reconcileWindow(String streamId, String operatorId, Instant windowStart, Instant windowEnd) {
        return new StreamRun(streamId, operatorId, StreamKind.CREATED, windowStart, windowEnd, null, null, false);
    }

    /** The stream whose resume point a page commits, or null when its pages commit none (a reconcile's window). */
    String progressStreamId() {
        return recordsProgress ? streamId : null;
    }

    /** Null for the incremental sync's streams (progress in sync_state). */
    public Long backfillWindowId() {
        return backfillWindowId;
    }

    /**
     * Whether the next page is fetched while this one commits. The incremental sync does, for speed; a backfill
     * window does not, so a killed backfill re-fetches at most one page per window in flight (its windows
     * already load in parallel).
     */
    boolean fetchesAheadOfWrites() {
        return backfillWindowId == null;
    }

    /** A first sync or a backfill into an empty range writes page after page of new rows. */
    boolean lastPageAllNew() {
        return lastPageAllNew;
    }

    /** Called by the writer once pages committed; {@code nextCursor} is the last one's (null: the window's end). */
    void pageWritten(PageOutcome outcome, String nextCursor) {
        lastPageAllNew = outcome.fetched() > 0 && outcome.inserted() == outcome.fetched();
        synchronized (this) {
            committedCursor = nextCursor;
            windowCommitted = nextCursor == null;
            warehouseFailures = 0;
        }
    }

    /**
     * After a failed write: forgets every page fetched past the last committed one (none of them commits) and
     * puts the cursor back there, so the stream fetches again what had not committed. Waits for the write in
     * flight, if any, to end first. Returns how many warehouse failures there were since the last committed page.
     */
    int rewindAfterWarehouseFailure() throws InterruptedException {
        pageQueue.discardAfterFailure();
        synchronized (this) {
            cursor = committedCursor;
            finished = windowCommitted;
            return ++warehouseFailures;
        }
    }

    /** Whether the next request carries the cursor an interrupted run stored (and the API has not refused it yet). */
    synchronized boolean requestsStoredCursor() {
        return storedCursor != null && storedCursor.equals(cursor);
    }

    /** The API refused the stored cursor (it may have expired): the window starts again from its beginning. */
    synchronized void restartWindowWithoutStoredCursor() {
        storedCursor = null;
        cursor = null;
        committedCursor = null;
        finished = false;
    }

    synchronized int warehouseFailures() {
        return warehouseFailures;
    }

    public String streamId() {
        return streamId;
    }

    /** The operator the stream lists (2024-11-11); null for the account-wide streams of 2025-06-19. */
    public String operatorId() {
        return operatorId;
    }

    public StreamKind kind() {
        return kind;
    }

    /** Null when the window reaches back to the beginning of the API's history. */
    public Instant windowStart() {
        return windowStart;
    }

    public Instant windowEnd() {
        return windowEnd;
    }

    public String cursor() {
        return cursor;
    }

    public boolean isUnfinished() {
        return !finished;
    }

    public int pages() {
        return pages;
    }

    /** Moves past a committed page: to its cursor, or to the end of the window when there is none. */
    PageQueue<PageLoader.PendingPage> pageQueue() {
        return pageQueue;
    }

    void advance(String nextCursor) {
        pages++;
        cursor = nextCursor;
        finished = nextCursor == null;
    }

    /** A retry of the current page is coming; a 429's wait counts as time spent on rate limits. */
    synchronized void retryScheduled(boolean rateLimited) {
        retries++;
        rateLimitedSince = rateLimited ? System.nanoTime() : 0;
    }

    /** Every attempt at a page starts here, so the wait after a 429 is measured as it really was. */
    synchronized void attemptStarting() {
        if (rateLimitedSince != 0) {
            rateLimitWaitNanos += System.nanoTime() - rateLimitedSince;
            rateLimitedSince = 0;
        }
    }

    /** The retries since the last committed page (or failure), and forgets them: each is counted once. */
    synchronized RetryCounts takeRetryCounts() {
        RetryCounts counts = new RetryCounts(retries, rateLimitWaitNanos / 1_000_000);
        retries = 0;
        rateLimitWaitNanos = 0;
        return counts;
    }

    record RetryCounts(int retries, long rateLimitWaitMillis) {
    }

    @Override
    public String toString() {
        return streamId + " [" + (windowStart == null ? "beginning" : windowStart) + ", " + windowEnd + ")";
    }
}
