package dev.operatorsync.sync;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One reconcile in memory: its run, its windows, and what its windows found so far (they run in parallel). */
public final class ReconcileRun {
    private final SyncRun run;
    private final ReconcileRequest request;
    private final List<ReconcileWindow> windows;
    final AtomicLong listed = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    final AtomicLong restored = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    ReconcileRun(SyncRun run, ReconcileRequest request, List<ReconcileWindow> windows) {
        this.run = run;
        this.request = request;
        this.windows = List.copyOf(windows);
    }

    public SyncRun run() {
        return run;
    }

    ReconcileRequest request() {
        return request;
    }

    List<ReconcileWindow> windows() {
        return windows;
    }
}
