package dev.operatorsync.warehouse;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of this process's open runs: refreshes their {@code heartbeat_at} every {@code interval}, so
 * that any process can tell a run whose heartbeat is older than {@link #lapse()} from a live one and close it as
 * lost ({@link RunLedger#closeAbandoned()}). A beat that fails (the warehouse is down) is tried again at the next.
 */
final class RunHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);

    private final ConnectionOpener opener;
    private final SqlFiles sql;
    private final Lock writeLock;
    private final Duration interval;
    private final Set<Long> runs = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService beats;

    RunHeartbeat(ConnectionOpener opener, SqlFiles sql, Lock writeLock, Duration interval) {
        this.opener = opener;
        this.sql = sql;
        this.writeLock = writeLock;
        this.interval = interval;
    }

    /** A heartbeat older than this means the run's process is gone: three beats missed, then one more. */
    Duration lapse() {
        return interval.multipliedBy(4);
    }

    /** Whether this process holds the run (it started it and has not finished it). */
    boolean holds(long runId) {
        return runs.contains(runId);
    }

    synchronized void hold(long runId) {
        runs.add(runId);
        if (beats == null) {
            beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "run-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            beats.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void release(long runId) {
        runs.remove(runId);
    }

    private void beat() {
        for (long runId : runs) {
            try {
                Jdbc.update(opener, sql, writeLock, "heartbeat_run", update -> update.setLong(1, runId));
            } catch (SQLException | RuntimeException e) {
                LOG.warn("run {}: its heartbeat did not reach the warehouse: {}", runId, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (beats != null) {
            beats.shutdownNow();
        }
    }
}
