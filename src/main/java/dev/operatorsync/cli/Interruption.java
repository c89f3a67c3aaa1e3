package dev.operatorsync.cli;

import dev.operatorsync.ops.GracefulShutdown;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGINT and SIGTERM on a command that does one piece of work ({@code sync}, {@code backfill}): the work stops
 * within {@link #GRACE}, its runs (and backfill) close as failed with the error "interrupted", and the command
 * exits 130 (SIGINT) or 143 (SIGTERM) with a line that says how to resume.
 */
final class Interruption {
    private static final Logger LOG = LoggerFactory.getLogger(Interruption.class);
    /** How long the page in flight gets to commit once interrupted; a Kubernetes pod gets 30 s before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final GracefulShutdown signals;
    private final Warehouse warehouse;

    private Interruption(GracefulShutdown signals, Warehouse warehouse) {
        this.signals = signals;
        this.warehouse = warehouse;
    }

    /** From here on a signal interrupts {@code engine}'s work instead of ending the JVM. */
    static Interruption install(SyncEngine engine, Warehouse warehouse) {
        return new Interruption(GracefulShutdown.interruptOnSignals(() -> engine.interrupt(GRACE), GRACE,
                () -> closeRuns(warehouse)), warehouse);
    }

    boolean happened() {
        return signals.signal().isPresent();
    }

    int exitStatus() {
        return signals.exitStatus();
    }

    /**
     * Closes the runs the work could not close itself (Camel gave up waiting for them), and says on standard error
     * what happened and how to go on.
     */
    int report(String resume) {
        closeRuns(warehouse);
        System.err.println("interrupted by SIG" + signals.signal().orElseThrow() + ": " + resume);
        return exitStatus();
    }

    private static void closeRuns(Warehouse warehouse) {
        try {
            for (long runId : warehouse.runLedger().closeOwn(SyncEngine.INTERRUPTED)) {
                warehouse.backfillStore().interrupted(runId, SyncEngine.INTERRUPTED);
            }
        } catch (SQLException e) {
            LOG.warn("cannot close the interrupted runs; the next command closes them: {}", e.getMessage());
        }
    }
}
