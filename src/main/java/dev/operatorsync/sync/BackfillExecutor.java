package dev.operatorsync.sync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The bounded pool backfill windows load on: {@code backfill.parallel} threads (empty: what the machine suits). */
public final class BackfillExecutor {
    private BackfillExecutor() {
    }

    /** Fetching is I/O-bound, so up to 4 windows overlap even on a small machine; more than 8 only loads the API. */
    public static int defaultParallelism() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    public static int parallelism(String configured) {
        if (configured == null || configured.isBlank()) {
            return defaultParallelism();
        }
        try {
            int n = Integer.parseInt(configured.trim());
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new dev.operatorsync.config.ConfigException("backfill.parallel", "must be a whole number from 1 to 64, got '" + configured + "'");
    }

    static ExecutorService create(int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "backfill-window-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
