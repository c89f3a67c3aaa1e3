package dev.operatorsync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One stream's fetched pages waiting to commit, and the single write at a time that commits them: in order,
 * each time all that are waiting, in one transaction. While the warehouse is the slower side, pages gather
 * here and commit together; while the API is, each commits alone as soon as it arrives. A failed write
 * drops the pages behind it (they must not commit past it) and is rethrown to every later add and wait, until
 * the stream {@link #discardAfterFailure() gives up} the pages it fetched past it.
 *
 * @param <P> a page as the writer takes it
 */
final class PageQueue<P> {
    @FunctionalInterface
    interface BatchWrite<P> {
        /** Commits {@code pages}, in order, in one transaction. */
        void write(List<P> pages) throws Exception;
    }

    private final List<P> waiting = new ArrayList<>();
    private boolean writing;
    private Exception failure;
    private int addsWaitingForRoom;

    /**
     * Adds a page behind the others, first waiting while {@code limit} already wait (memory stays bounded
     * when the warehouse is slower than the API), and starts a write on {@code executor} unless one runs.
     * Rethrows the failure of an earlier write instead.
     */
    synchronized void add(P page, int limit, Executor executor, BatchWrite<P> write) throws Exception {
        addsWaitingForRoom++;
        try {
            while (failure == null && waiting.size() >= limit) {
                wait();
            }
        } finally {
            addsWaitingForRoom--;
        }
        rethrowFailure();
        waiting.add(page);
        if (!writing) {
            writing = true;
            executor.execute(() -> writeUntilEmpty(write));
        }
    }

    /** Waits until every page added has committed, or rethrows the failure that stopped them. */
    synchronized void awaitWritten() throws Exception {
        while (writing) {
            wait();
        }
        rethrowFailure();
    }

    /**
     * Waits for the write in flight to end, then drops the pages waiting and forgets the failure, if any: the
     * stream goes back to its last committed page and fetches again from there.
     */
    synchronized void discardAfterFailure() throws InterruptedException {
        while (writing) {
            wait();
        }
        waiting.clear();
        failure = null;
        notifyAll();
    }

    /** Whether a fetcher is held back because the queue is full; PageQueueTest waits on it to know an add is parked. */
    synchronized boolean waitingForRoom() {
        return addsWaitingForRoom > 0;
    }

    private void writeUntilEmpty(BatchWrite<P> write) {
        while (true) {
            List<P> batch;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    writing = false;
                    notifyAll();
                    return;
                }
                batch = new ArrayList<>(waiting);
                waiting.clear();
                notifyAll();
            }
            try {
                write.write(batch);
            } catch (Exception | Error e) {
                synchronized (this) {
                    failure = e instanceof Exception exception ? exception : new IllegalStateException(e);
                    waiting.clear();
                    writing = false;
                    notifyAll();
                }
                return;
            }
        }
    }

    /** The failure stays: a page added after it would commit a resume point past pages that never committed. */
    private void rethrowFailure() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }
}
