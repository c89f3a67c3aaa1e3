package dev.operatorsync.ops;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (and Ctrl-C) as a request to stop, not as the JVM's own exit: the handler asks the command to
 * stop, the page in flight commits or rolls back, the command returns. Left to the JVM, a signal runs the
 * shutdown hooks, where Camel waits out its whole shutdown timeout for a sync's one long exchange.
 * A watchdog ends the process if the stop takes longer than the grace period.
 */
public final class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** Beyond the grace period, time to close the warehouse and flush the logs. */
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final Duration BEFORE_HALT = Duration.ofSeconds(3);

    private final AtomicReference<String> received = new AtomicReference<>();

    private GracefulShutdown() {
    }

    /** The service ({@code run}, {@code demo}): a signal stops it cleanly, and it exits 0; beyond the grace period, 1. */
    public static GracefulShutdown onSignals(Runnable requestStop, Duration gracePeriod) {
        GracefulShutdown shutdown = new GracefulShutdown();
        shutdown.handle(name -> {
            LOG.info("SIG{} received: stopping; the page in flight commits or rolls back (grace period {})", name, gracePeriod);
            watchdog(gracePeriod.plus(MARGIN), () -> 1, () -> { });
            requestStop.run();
        });
        return shutdown;
    }

    /**
     * A command that does one piece of work ({@code sync}, {@code backfill}): a signal interrupts it and it ends
     * with the signal's status (130 for SIGINT, 143 for SIGTERM). Should {@code interrupt} not bring it to an
     * end within the grace period, {@code beforeHalt} closes what it can and the process halts with that status.
     */
    public static GracefulShutdown interruptOnSignals(Runnable interrupt, Duration gracePeriod, Runnable beforeHalt) {
        GracefulShutdown shutdown = new GracefulShutdown();
        shutdown.handle(name -> {
            LOG.info("SIG{} received: interrupting; the page in flight commits or rolls back (within {})", name, gracePeriod);
            watchdog(gracePeriod.plus(MARGIN), shutdown::exitStatus, beforeHalt);
            interrupt.run();
        });
        return shutdown;
    }

    /** {@code INT} or {@code TERM} once a signal has arrived. */
    public Optional<String> signal() {
        return Optional.ofNullable(received.get());
    }

    /** 128 plus the signal's number, as a shell reports a process that a signal ended; 0 without a signal. */
    public int exitStatus() {
        String name = received.get();
        return name == null ? 0 : 128 + new Signal(name).getNumber();
    }

    private void handle(Consumer<String> onFirstSignal) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (received.compareAndSet(null, name)) {
                        onFirstSignal.accept(name);
                    }
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
    }

    private static void watchdog(Duration limit, IntSupplier status, Runnable beforeHalt) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                LOG.error("did not stop within {}; exiting with status {}", limit, status.getAsInt());
                // Closing rows may wait on a stuck warehouse; the halt does not wait for it long.
                Thread closing = new Thread(beforeHalt, "shutdown-close");
                closing.setDaemon(true);
                closing.start();
                closing.join(BEFORE_HALT.toMillis());
                Runtime.getRuntime().halt(status.getAsInt());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
