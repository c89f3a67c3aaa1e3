package dev.operatorsync.sync;

import dev.operatorsync.ops.RunLogLine;
import dev.operatorsync.ops.SyncMetrics;
import dev.operatorsync.warehouse.DeadLetter;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunNotRunningException;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StreamLeases;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final ApiErrorClassifier classifier;
    private final SyncMetrics metrics;
    private final Runnable afterRun;
    /** The runs begun and not yet finished, so an interrupted process can end them. */
    private final Set<SyncRun> open = ConcurrentHashMap.newKeySet();

    /** @param afterRun called once a run's row is closed (refreshes what health and metrics read from the warehouse) */
    public SyncRuns(Warehouse warehouse, Clock clock, ApiErrorClassifier classifier, SyncMetrics metrics, Runnable afterRun) {
        this.warehouse = warehouse;
        this.clock = clock;
        this.classifier = classifier;
        this.metrics = metrics;
        this.afterRun = afterRun;
    }

    public SyncRun begin(Exchange exchange) throws SQLException {
        warehouse.runLedger().closeAbandoned();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SyncRun run = new SyncRun(warehouse.runLedger().start("sync", null, now), now);
        exchange.setProperty("run", run);
        open.add(run);
        // Every line of this run carries its id, until finish clears it; the streams' threads get it from enterStream.
        MDC.put(RunLogLine.MDC_RUN_ID, Long.toString(run.runId()));
        LOG.info("run {} started", run.runId());
        return run;
    }

    /** Tags the stream's thread with the run's id for the log lines it writes. */
    public void enterStream(@ExchangeProperty("run") SyncRun run) {
        MDC.put(RunLogLine.MDC_RUN_ID, Long.toString(run.runId()));
    }

    /**
     * Takes the stream for this run, so that no other process loads it meanwhile (a sync from cron beside `run`, another
     * instance). False when another live run holds it: the stream is left to that run, logged and counted.
     */
    public boolean takeStream(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("stream") StreamRun stream) throws SQLException {
        Optional<StreamLeases.Holder> holder = warehouse.streamLeases().take(stream.streamId(), run.runId());
        if (holder.isEmpty()) {
            return true;
        }
        run.streamSkipped();
        StreamLeases.Holder h = holder.get();
        LOG.warn("stream {} skipped: {} is loading it (its {} run {}, since {})", stream.streamId(), h.instance(), h.kind(),
                h.runId(), h.takenAt());
        return false;
    }

    /** Lets the stream go once this run is done with it, whatever the outcome. */
    public void releaseStream(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("stream") StreamRun stream) {
        try {
            warehouse.streamLeases().release(stream.streamId(), run.runId());
        } catch (SQLException e) {
            // The lease ends with the run anyway: a lease whose run is not running is free to take.
            LOG.debug("stream {}: its lease was not released now ({}); it ends with run {}", stream.streamId(), e.getMessage(), run.runId());
        }
    }

    public void streamSucceeded(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("stream") StreamRun stream) throws SQLException {
        run.streamDone();
        int answered = CoveredLetters.close(warehouse.deadLetters(), stream, run.runId());
        if (answered > 0) {
            LOG.info("stream {} read again what {} open fetch dead letter(s) had failed on: closed as replayed", stream, answered);
        }
        if (stream.backfillWindowId() != null) {
            LOG.debug("backfill window {} done: {} pages", stream, stream.pages());
            return; // its last page marked the window done; the live streams' state is not a backfill's to touch
        }
        warehouse.stateStore().recordStreamOutcome(stream.streamId(), stream.operatorId(), stream.kind().filter(), run.runId(), true, null);
        LOG.debug("stream {} done: {} pages", stream, stream.pages());
    }

    /**
     * The failure end of a stream: dead-letters the request it failed on and records why; its watermark stays
     * and the other streams of the run go on, unless the API key was rejected, which stops the run with one
     * message and one dead letter however many streams were refused at once. When the warehouse itself is what
     * failed for a passing reason, nothing is written to it (it is likely not there): the failure is logged and
     * counted in the run, whose row records it when it closes.
     */
    public void streamFailed(Exchange exchange, @ExchangeProperty("run") SyncRun run, @ExchangeProperty("stream") StreamRun stream) throws SQLException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String keyRejection = cause == null ? null : classifier.keyRejection(cause);
        boolean warehouseFailure = Dialect.warehouseCause(cause) != null;
        String reason = keyRejection != null ? keyRejection
                : cause == null ? "unknown failure"
                : warehouseFailure ? WarehouseRetries.describe(cause)
                : FailureText.of(cause);
        String streamId = stream == null ? "planning" : stream.streamId();
        boolean firstToReport = true;
        if (keyRejection != null) {
            firstToReport = run.stop(keyRejection);
            if (firstToReport) {
                LOG.error("run {} stopped: {}", run.runId(), keyRejection);
            }
        } else {
            run.streamFailed(streamId, reason);
            LOG.error("stream {} failed, its watermark stays where it was: {}", streamId, reason);
        }
        if (warehouseFailure && warehouse.dialect().isTransient(cause)) {
            return;
        }
        if (ApiFailure.find(cause, RunNotRunningException.class) != null) {
            LOG.error("run {} was closed by another process while this one stalled: it writes nothing more", run.runId());
            return;
        }
        if (stream != null && cause != null && firstToReport) {
            StreamRun.RetryCounts retries = stream.takeRetryCounts();
            warehouse.deadLetters().record(requestLetter(stream, cause, reason), run.runId(), 1 + retries.retries(),
                    retries.retries(), retries.rateLimitWaitMillis());
        }
        if (stream != null && stream.backfillWindowId() != null) {
            warehouse.backfillStore().windowFailed(stream.backfillWindowId(), reason);
        } else if (stream != null && stream.progressStreamId() != null) {
            warehouse.stateStore().recordStreamOutcome(stream.streamId(), stream.operatorId(), stream.kind().filter(), run.runId(), false, reason);
        }
    }

    private DeadLetter requestLetter(StreamRun stream, Exception cause, String reason) {
        boolean fetch = Dialect.warehouseCause(cause) == null;
        ApiFailure api = ApiFailure.of(cause);
        return new DeadLetter(fetch ? DeadLetter.FETCH : DeadLetter.LOAD, stream.operatorId(), null, api.status(), api.code(),
                fetch && classifier.isTransient(cause), reason, ApiRequest.describe(stream), api.responseBody());
    }

    /** Stops every open run with {@code reason}: the streams not yet started are skipped (SIGINT, SIGTERM on `sync`). */
    public void interrupt(String reason) {
        open.forEach(run -> run.stop(reason));
    }

    public RunRecord finish(@ExchangeProperty("run") SyncRun run) throws SQLException {
        open.remove(run);
        try {
            RunRecord record = run.close(warehouse.runLedger());
            LOG.info(RunLogLine.of(record));
            metrics.runFinished(record);
            afterRun.run();
            return record;
        } finally {
            MDC.remove(RunLogLine.MDC_RUN_ID);
        }
    }
}
