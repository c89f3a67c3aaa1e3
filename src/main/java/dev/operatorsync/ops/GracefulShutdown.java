package dev.operatorsync.ops;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (and Ctrl-C) as a request to stop, not as the JVM's own exit: the handler asks the service to
 * stop, the page in flight commits or rolls back, the command returns and the process exits 0. Left to
 * the JVM, a signal runs the shutdown hooks and the process ends with 143 whatever happened.
 * A watchdog ends the process with status 1 if the stop takes longer than the grace period.
 */
public final class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** Beyond the grace period, time to close the warehouse and flush the logs. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private GracefulShutdown() {
    }

    public static void onSignals(Runnable requestStop, Duration gracePeriod) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (!stopping.compareAndSet(false, true)) {
                        return;
                    }
                    LOG.info("SIG{} received: stopping; the page in flight commits or rolls back (grace period {})", name, gracePeriod);
                    watchdog(gracePeriod.plus(MARGIN));
                    requestStop.run();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
    }

    private static void watchdog(Duration limit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                LOG.error("did not stop within {}; exiting with status 1", limit);
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
