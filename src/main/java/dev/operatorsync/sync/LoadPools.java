package dev.operatorsync.sync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pools streams load on in parallel: a sync's streams ({@code sync.parallel}, in Settings) and a
 * backfill's windows ({@code backfill.parallel}). Each stream on the pool fetches its own pages and commits them on its
 * own warehouse connection, so one stream's fetching overlaps another's writing.
 */
public final class LoadPools {
    private LoadPools() {
    }

    /** Fetching is I/O-bound, so up to 4 windows overlap even on a small machine; more than 8 only loads the API. */
    public static int backfillDefault() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    static ExecutorService create(String threadName, int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, threadName + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
