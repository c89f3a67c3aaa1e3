package dev.operatorsync.sync;

import dev.operatorsync.ops.RunLogLine;
import dev.operatorsync.ops.SyncMetrics;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Opens and closes runs in the {@code sync_runs} ledger and records how each stream ended. */
public final class SyncRuns {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);

    private final Warehouse warehouse;
    private final Clock clock;
    private final SyncMetrics metrics;
    private final Runnable afterRun;

    public SyncRuns(Warehouse warehouse, Clock clock) {
        this(warehouse, clock, SyncMetrics.inMemory(), () -> { });
    }

    /** @param afterRun called once a run's row is closed (refreshes what health and metrics read from the warehouse) */
    public SyncRuns(Warehouse warehouse, Clock clock, SyncMetrics metrics, Runnable afterRun) {
        this.warehouse = warehouse;
        this.clock = clock;
        this.metrics = metrics;
        this.afterRun = afterRun;
    }

    public SyncRun begin(Exchange exchange) throws SQLException {
        warehouse.runLedger().closeAbandoned();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SyncRun run = new SyncRun(warehouse.runLedger().start("sync", null, now), now);
        exchange.setProperty("run", run);
        // Every line of this run carries its id, until finish clears it (the run stays on this thread).
        MDC.put(RunLogLine.MDC_RUN_ID, Long.toString(run.runId()));
        LOG.info("run {} started", run.runId());
        return run;
    }

    public void streamSucceeded(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("stream") StreamRun stream) throws SQLException {
        run.streamDone();
        warehouse.stateStore().recordStreamOutcome(stream.streamId(), stream.operatorId(), stream.kind().filter(), run.runId(), true, null);
        LOG.info("stream {} done: {} pages", stream, stream.pages());
    }

    /** The dead-letter end of a stream: records why it failed; the other streams of the run go on. */
    public void streamFailed(Exchange exchange, @ExchangeProperty("run") SyncRun run, @ExchangeProperty("stream") StreamRun stream) throws SQLException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String streamId = stream == null ? "planning" : stream.streamId();
        run.streamFailed(streamId, reason);
        LOG.error("stream {} failed, its watermark stays where it was: {}", streamId, reason);
        if (stream != null) {
            warehouse.stateStore().recordStreamOutcome(stream.streamId(), stream.operatorId(), stream.kind().filter(), run.runId(), false, reason);
        }
    }

    public RunRecord finish(@ExchangeProperty("run") SyncRun run) throws SQLException {
        try {
            String failure = run.failure();
            warehouse.runLedger().finish(run.runId(), failure == null ? "succeeded" : "failed", run.streams() + run.failures().size(), failure);
            RunRecord record = warehouse.runLedger().find(run.runId()).orElseThrow();
            LOG.info(RunLogLine.of(record));
            metrics.runFinished(record);
            afterRun.run();
            return record;
        } finally {
            MDC.remove(RunLogLine.MDC_RUN_ID);
        }
    }
}
