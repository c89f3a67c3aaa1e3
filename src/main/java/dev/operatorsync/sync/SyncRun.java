package dev.operatorsync.sync;

import dev.operatorsync.warehouse.PageOutcome;
import dev.operatorsync.warehouse.RunLedger;
import dev.operatorsync.warehouse.RunRecord;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What one run has done so far, in memory; the warehouse's {@code sync_runs} row is the durable copy. */
public final class SyncRun {
    private final long runId;
    private final Instant startedAt;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private long fetched;
    private long inserted;
    private long updated;
    private long unchanged;
    private int pages;
    private int streams;
    private int skipped;
    private int planned;
    private volatile String stopReason;

    public SyncRun(long runId, Instant startedAt) {
        this.runId = runId;
        this.startedAt = startedAt;
    }

    public long runId() {
        return runId;
    }

    /** The instant the run plans its windows from; every window of the run ends at it minus the settle delay. */
    public Instant startedAt() {
        return startedAt;
    }

    synchronized void addPages(int count, PageOutcome outcome) {
        pages += count;
        fetched += outcome.fetched();
        inserted += outcome.inserted();
        updated += outcome.updated();
        unchanged += outcome.unchanged();
    }

    synchronized void planned(int count) {
        planned = count;
    }

    /** Why the run did not succeed, or null when every planned stream finished. */
    synchronized String failure() {
        if (stopReason != null) {
            return stopReason;
        }
        if (!failures.isEmpty()) {
            return String.join("; ", failures);
        }
        if (streams + skipped < planned) {
            return "stopped after " + streams + " of " + planned + " streams (the process was asked to stop); the rest resume at the next run";
        }
        return null;
    }

    synchronized void streamDone() {
        streams++;
    }

    /** A stream another run was loading: left to it, neither done nor failed here. */
    synchronized void streamSkipped() {
        skipped++;
    }

    void streamFailed(String streamId, String reason) {
        failures.add(streamId + ": " + reason);
    }

    /**
     * Ends the run at once: the streams not yet started are skipped (the API key was rejected, or the process was
     * interrupted), and {@code reason} is the run's error. False when it
     * had stopped already: a stream running beside the first one to be refused is refused too.
     */
    synchronized boolean stop(String reason) {
        if (stopReason != null) {
            return false;
        }
        stopReason = reason;
        return true;
    }

    public boolean isStopped() {
        return stopReason != null;
    }

    /** Closes the run's {@code sync_runs} row: failed with {@link #failure()} when there is one, else succeeded. */
    RunRecord close(RunLedger ledger) throws SQLException {
        String failure = failure();
        ledger.finish(runId, failure == null ? "succeeded" : "failed", streams() + failures.size(), skipped(), failure);
        return ledger.find(runId).orElseThrow();
    }

    /** Records fetched so far, for a backfill's progress. */
    public synchronized long fetched() {
        return fetched;
    }

    public synchronized int streams() {
        return streams;
    }

    public synchronized int skipped() {
        return skipped;
    }

    public synchronized String summary() {
        return "run " + runId + ": " + streams + " streams, " + pages + " pages, " + fetched + " fetched, " + inserted
                + " inserted, " + updated + " updated, " + unchanged + " unchanged" + (failures.isEmpty() ? "" : ", " + failures.size() + " streams failed")
                + (skipped == 0 ? "" : ", " + skipped + " streams left to the runs loading them");
    }
}
