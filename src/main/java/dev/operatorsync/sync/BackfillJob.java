package dev.operatorsync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;

/**
 * One invocation of a backfill, in memory: its id, its run, the windows still to load, and how far it got.
 * The warehouse's {@code backfills} and {@code backfill_windows} rows are the durable copy.
 */
public final class BackfillJob {
    private final long backfillId;
    private final BackfillRequest request;
    private final SyncRun run;
    private final Iterator<StreamRun> pending;
    private final int windows;
    private final int doneBefore;
    private final long startedNanos = System.nanoTime();
    private volatile String status = "running";
    private volatile long finishedNanos;

    BackfillJob(long backfillId, BackfillRequest request, SyncRun run, Iterator<StreamRun> pending, int windows, int doneBefore) {
        this.backfillId = backfillId;
        this.request = request;
        this.run = run;
        this.pending = pending;
        this.windows = windows;
        this.doneBefore = doneBefore;
    }

    public long backfillId() {
        return backfillId;
    }

    public BackfillRequest request() {
        return request;
    }

    public SyncRun run() {
        return run;
    }

    /**
     * The windows this invocation loads: those not done yet, each resuming at its committed cursor, planned as they are
     * taken (to be taken once).
     */
    public Iterator<StreamRun> pending() {
        return pending;
    }

    /** How many windows this invocation has to load. */
    public int toLoad() {
        return windows - doneBefore;
    }

    public String status() {
        return status;
    }

    void finished(String status) {
        this.finishedNanos = System.nanoTime();
        this.status = status;
    }

    /** Where the backfill stands now; {@code eta} is null until a window of this invocation is done. */
    public Progress progress() {
        int doneNow = run.streams();
        long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
        Duration elapsed = Duration.ofNanos(end - startedNanos);
        long fetched = run.fetched();
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        int remaining = windows - doneBefore - doneNow;
        Duration eta = doneNow == 0 ? null : Duration.ofMillis((long) (elapsed.toMillis() * (double) remaining / doneNow));
        return new Progress(backfillId, status, windows, doneBefore + doneNow, fetched, fetched / seconds, elapsed, eta);
    }

    /** @param records fetched by this invocation; {@code recordsPerSecond} over its elapsed time */
    public record Progress(long backfillId, String status, int windows, int windowsDone, long records,
                           double recordsPerSecond, Duration elapsed, Duration eta) {
    }
}
