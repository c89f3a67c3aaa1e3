package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadPoolsTest {
    @Test
    void a_pool_fed_at_its_pace_makes_the_submitter_wait_instead_of_queueing_everything() throws Exception {
        ExecutorService pool = LoadPools.createFeedingAtItsPace("test", 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(20);
        AtomicInteger submitted = new AtomicInteger();
        Thread submitter = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                pool.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.countDown();
                });
                submitted.incrementAndGet();
            }
        });
        submitter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (submitter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, submitter.getState(), "the submitter waits for room");
        assertEquals(2 + 3, submitted.get(), "two running, three queued");
        release.countDown();
        assertTrue(finished.await(30, TimeUnit.SECONDS), "every task runs once there is room");
        pool.shutdownNow();
    }
}
