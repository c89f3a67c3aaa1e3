package dev.operatorsync.sync;

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

/** Opens and closes runs in the {@code sync_runs} ledger and records how each stream ended. */
public final class SyncRuns {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);

    private final Warehouse warehouse;
    private final Clock clock;

    public SyncRuns(Warehouse warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    public SyncRun begin(Exchange exchange) throws SQLException {
        warehouse.runLedger().closeAbandoned();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SyncRun run = new SyncRun(warehouse.runLedger().start("sync", null, now), now);
        exchange.setProperty("run", run);
        LOG.info("run {} started", run.runId());
        return run;
    }

    public void streamSucceeded(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("stream") StreamRun stream) throws SQLException {
        run.streamDone();
        if (stream.backfillWindowId() != null) {
            LOG.info("backfill window {} done: {} pages", stream, stream.pages());
            return; // its last page marked the window done; the live streams' state is not a backfill's to touch
        }
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
        if (stream != null && stream.backfillWindowId() != null) {
            warehouse.backfillStore().windowFailed(stream.backfillWindowId(), reason);
        } else if (stream != null) {
            warehouse.stateStore().recordStreamOutcome(stream.streamId(), stream.operatorId(), stream.kind().filter(), run.runId(), false, reason);
        }
    }

    public RunRecord finish(@ExchangeProperty("run") SyncRun run) throws SQLException {
        String failure = run.failure();
        warehouse.runLedger().finish(run.runId(), failure == null ? "succeeded" : "failed", run.streams() + run.failures().size(), failure);
        LOG.info("{} {}", run.summary(), failure == null ? "succeeded" : "FAILED");
        return warehouse.runLedger().find(run.runId()).orElseThrow();
    }
}
