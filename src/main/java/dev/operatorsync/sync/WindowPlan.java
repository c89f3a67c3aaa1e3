package dev.operatorsync.sync;

import dev.operatorsync.warehouse.BackfillStore;
import dev.operatorsync.warehouse.BackfillWindow;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The windows of a backfill still to load, planned a stretch at a time as routes/backfill.camel.yaml asks for the next
 * one: each stretch gets its {@code backfill_windows} rows then, so neither memory nor the warehouse ever holds a
 * backfill's whole plan ahead of its loading. Done windows are skipped; a pending one resumes at its cursor.
 * Called by one thread at a time (the split's iteration).
 */
final class WindowPlan implements Iterator<StreamRun> {
    /** About how many windows one planning step adds: one transaction per this many windows. */
    static final int STRETCH = 256;

    private final BackfillStore store;
    private final long backfillId;
    private final BackfillRequest request;
    private final List<String> owners;
    private final long slicesPerStretch;
    private final Deque<StreamRun> ready = new ArrayDeque<>();
    private long nextSlice;

    WindowPlan(BackfillStore store, long backfillId, BackfillRequest request, List<String> owners) {
        this.store = store;
        this.backfillId = backfillId;
        this.request = request;
        this.owners = owners;
        this.slicesPerStretch = Math.max(1, STRETCH / owners.size());
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && nextSlice < request.sliceCount()) {
            planNextStretch();
        }
        return !ready.isEmpty();
    }

    @Override
    public StreamRun next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void planNextStretch() {
        long end = Math.min(nextSlice + slicesPerStretch, request.sliceCount());
        List<BackfillStore.WindowSpec> wanted = new ArrayList<>();
        for (long i = nextSlice; i < end; i++) {
            Instant[] slice = request.slice(i);
            for (String owner : owners) {
                wanted.add(new BackfillStore.WindowSpec(owner, slice[0], slice[1]));
            }
        }
        List<BackfillWindow> windows;
        try {
            windows = store.plan(backfillId, request.slice(nextSlice)[0], request.slice(end - 1)[1], wanted);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot plan the next windows of backfill " + backfillId + ": " + e.getMessage(), e);
        }
        for (BackfillWindow w : windows) {
            if (!w.done()) {
                String owner = w.operatorId() == null ? StreamKind.ACCOUNT : w.operatorId();
                ready.add(new StreamRun("backfill/" + backfillId + "/" + owner + "/" + w.start(), w.operatorId(),
                        w.start(), w.end(), w.resumeCursor(), w.windowId()));
            }
        }
        nextSlice = end;
    }
}
