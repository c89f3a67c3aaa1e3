package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageQueueTest {
    private final ExecutorService writers = Executors.newCachedThreadPool();
    private final List<List<Integer>> writes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    /** Records each batch and holds it until {@code release} opens; then fails with {@code failure}, when one is given. */
    private final class HeldFirstWrite implements PageQueue.BatchWrite<Integer> {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Exception failure;

        HeldFirstWrite(Exception failure) {
            this.failure = failure;
        }

        @Override
        public void write(List<Integer> pages) throws Exception {
            writes.add(List.copyOf(pages));
            started.countDown();
            PageQueueTest.await(release);
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Test
    void pagesThatWaitWhileAWriteRunsCommitTogetherInOrder() throws Exception {
        PageQueue<Integer> queue = new PageQueue<>();
        HeldFirstWrite write = new HeldFirstWrite(null);

        queue.add(1, 4, writers, write);
        await(write.started);
        queue.add(2, 4, writers, write);
        queue.add(3, 4, writers, write);
        write.release.countDown();
        queue.awaitWritten();

        assertEquals(List.of(List.of(1), List.of(2, 3)), writes);
    }

    @Test
    void aFullQueueHoldsTheNextPageBackUntilTheWriterTakesTheWaitingOnes() throws Exception {
        PageQueue<Integer> queue = new PageQueue<>();
        HeldFirstWrite write = new HeldFirstWrite(null);
        queue.add(1, 2, writers, write);
        await(write.started);
        queue.add(2, 2, writers, write);
        queue.add(3, 2, writers, write);

        ExecutorService fetcher = Executors.newSingleThreadExecutor();
        try {
            Future<?> fourth = fetcher.submit(() -> {
                queue.add(4, 2, writers, write);
                return null;
            });
            awaitBlocked(fourth, queue);
            write.release.countDown();
            fourth.get(10, TimeUnit.SECONDS);
            queue.awaitWritten();
        } finally {
            fetcher.shutdownNow();
        }
        assertEquals(List.of(1, 2, 3, 4), writes.stream().flatMap(List::stream).toList());
        assertEquals(List.of(1), writes.get(0));
        assertEquals(List.of(2, 3), writes.get(1));
    }

    @Test
    void aFailedWriteDropsThePagesBehindItAndStaysUntilTheStreamDiscardsThem() throws Exception {
        PageQueue<Integer> queue = new PageQueue<>();
        SQLException refused = new SQLException("refused");
        HeldFirstWrite write = new HeldFirstWrite(refused);
        queue.add(1, 4, writers, write);
        await(write.started);
        queue.add(2, 4, writers, write);
        write.release.countDown();

        assertSame(refused, assertThrows(SQLException.class, queue::awaitWritten));
        assertEquals(List.of(List.of(1)), writes, "page 2 never commits past the failed page 1");
        assertSame(refused, assertThrows(SQLException.class, queue::awaitWritten), "the failure is not forgotten after one rethrow");
        assertSame(refused, assertThrows(SQLException.class, () -> queue.add(3, 4, writers, write)),
                "a page fetched after the failure is refused too");
        assertEquals(List.of(List.of(1)), writes);

        queue.discardAfterFailure();
        queue.add(1, 4, writers, batch -> writes.add(List.copyOf(batch)));
        queue.awaitWritten();
        assertEquals(List.of(List.of(1), List.of(1)), writes, "after the rewind the stream commits from its committed page again");
    }

    @Test
    void aFailureNobodyWaitedForReachesTheStreamAtItsNextPage() throws Exception {
        PageQueue<Integer> queue = new PageQueue<>();
        IllegalStateException broken = new IllegalStateException("broken");
        CountDownLatch failed = new CountDownLatch(1);
        queue.add(1, 4, writers, batch -> {
            failed.countDown();
            throw broken;
        });
        await(failed);

        Exception thrown = assertThrows(Exception.class, () -> {
            queue.add(2, 4, writers, batch -> writes.add(List.copyOf(batch)));
            queue.awaitWritten();
        });
        assertSame(broken, thrown);
        assertEquals(List.of(), writes, "page 2 never commits past the failed page 1");
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
    }

    /** Waits until the fetcher's add is parked on the queue's monitor, not merely slow to start. */
    private static void awaitBlocked(Future<?> add, PageQueue<Integer> queue) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!queue.waitingForRoom()) {
            assertTrue(!add.isDone(), "the add returned although the queue was full");
            assertTrue(System.nanoTime() < deadline, "the add never waited for room");
            Thread.sleep(5);
        }
    }
}
