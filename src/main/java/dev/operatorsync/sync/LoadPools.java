package dev.operatorsync.sync;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
        return Executors.newFixedThreadPool(threads, threads(threadName));
    }

    /**
     * A pool whose queue holds at most {@code threads + 1} tasks; whoever submits more waits for room. A parallel split
     * submits each element as it takes it from its iterator, so this keeps it from draining a long iterator into the
     * queue. The split takes elements in one task at a time, which (re)submits itself, so one submitter waits at most
     * while the other threads work the queue down.
     */
    static ExecutorService createFeedingAtItsPace(String threadName, int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(threads + 1),
                threads(threadName), LoadPools::waitForRoom);
    }

    private static void waitForRoom(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("the pool is shut down");
        }
        try {
            pool.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for room in the pool", e);
        }
    }

    private static ThreadFactory threads(String threadName) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, threadName + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
