package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.BackfillRecord;
import dev.operatorsync.warehouse.BackfillStore;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills: prepares one (a new one, or the unfinished one with the same arguments, which continues at
 * its first unfinished window and page), and opens and closes it for routes/backfill.camel.yaml. Each
 * window is a created_at stream loaded by the sync's own page path; its progress goes to its
 * {@code backfill_windows} row, so the live watermarks are never read or moved.
 */
public final class Backfills {
    private static final Logger LOG = LoggerFactory.getLogger(Backfills.class);

    private final Settings settings;
    private final Warehouse warehouse;
    private final Clock clock;
    private final Map<Long, BackfillJob> live = new ConcurrentHashMap<>();
    private final boolean handOverOnStop;

    /**
     * @param handOverOnStop a backfill this process stops before its end stays {@code running}, for another instance of
     *                       the cluster to continue ({@link BackfillTakeover}); else it ends {@code failed}, resumable
     */
    public Backfills(Settings settings, Warehouse warehouse, Clock clock, boolean handOverOnStop) {
        this.settings = settings;
        this.warehouse = warehouse;
        this.clock = clock;
        this.handOverOnStop = handOverOnStop;
    }

    /**
     * Creates (or continues) the backfill and its {@code sync_runs} row of kind {@code backfill}.
     *
     * @param resumeId continue this backfill (its own arguments win); null to find one with {@code request}'s
     * @throws BackfillConflictException when a backfill of one of the same operators is running
     */
    public synchronized BackfillJob prepare(BackfillRequest request, Long resumeId, String requestedBy) throws SQLException {
        BackfillStore store = warehouse.backfillStore();
        if (resumeId != null) {
            BackfillRecord record = store.find(resumeId)
                    .orElseThrow(() -> new BadRequestException("there is no backfill " + resumeId + " to resume"));
            if ("succeeded".equals(record.status())) {
                throw new BadRequestException("backfill " + resumeId + " already succeeded; nothing to resume");
            }
            request = new BackfillRequest(record.from(), record.to(), record.operatorId(), Duration.ofSeconds(record.windowSeconds()));
        }
        warehouse.runLedger().closeAbandoned();
        refuseOverlap(request, store.running());
        Optional<Long> unfinished = resumeId != null ? Optional.of(resumeId)
                : store.unfinished(request.from(), request.to(), request.operatorId(), request.windowSeconds());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long runId = warehouse.runLedger().start("backfill", request.from(), request.to());
        List<String> owners = request.owners(settings);
        int windows = Math.toIntExact(request.sliceCount() * owners.size());
        long backfillId;
        if (unfinished.isPresent()) {
            backfillId = unfinished.get();
            store.restart(backfillId, runId, settings.instanceId());
        } else {
            backfillId = store.create(request.from(), request.to(), request.operatorId(), request.windowSeconds(), windows, requestedBy, runId,
                    settings.instanceId());
        }
        int done = (int) store.find(backfillId).orElseThrow().windowsDone();
        SyncRun run = new SyncRun(runId, now);
        run.planned(windows - done);
        BackfillJob job = new BackfillJob(backfillId, request, run, new WindowPlan(store, backfillId, request, owners), windows, done);
        live.put(backfillId, job);
        if (live.size() > 50) { // a long-running service keeps only recent jobs in memory; the warehouse has them all
            live.values().removeIf(j -> !"running".equals(j.status()) && j != job);
        }
        LOG.info("backfill {} {} {}: run {}, {} of {} windows to load", backfillId, unfinished.isPresent() ? "continues" : "starts",
                request.describe(), runId, windows - done, windows);
        return job;
    }

    private void refuseOverlap(BackfillRequest request, Map<Long, String> running) {
        for (Map.Entry<Long, String> other : running.entrySet()) {
            boolean overlaps = other.getValue() == null || request.operatorId() == null || other.getValue().equals(request.operatorId());
            if (overlaps) {
                String who = request.operatorId() != null ? request.operatorId()
                        : other.getValue() != null ? other.getValue() : "the account";
                throw new BackfillConflictException(other.getKey(), who);
            }
        }
    }

    /** Stops every running backfill with {@code reason}: its windows not yet started are skipped (SIGINT, SIGTERM). */
    public void interrupt(String reason) {
        live.values().stream().filter(job -> "running".equals(job.status())).forEach(job -> job.run().stop(reason));
    }

    /** The in-memory state of a backfill this process runs or ran, for live progress. */
    public Optional<BackfillJob> live(long backfillId) {
        return Optional.ofNullable(live.get(backfillId));
    }

    // --- the steps of routes/backfill.camel.yaml ---

    public BackfillJob begin(@Body BackfillJob job, Exchange exchange) {
        exchange.setProperty("run", job.run());
        exchange.setProperty("backfill", job);
        return job;
    }

    /** The windows still to load, planned as the split asks for them. */
    public Iterator<StreamRun> windows(@Body BackfillJob job) {
        return job.pending();
    }

    public RunRecord finish(@ExchangeProperty("backfill") BackfillJob job, Exchange exchange) throws SQLException {
        SyncRun run = job.run();
        RunRecord record = run.close(warehouse.runLedger());
        if (handOverOnStop && !"succeeded".equals(record.status()) && exchange.getContext().isStopping()) {
            job.finished(record.status());
            LOG.info("backfill {}: {}; stopped with this instance, another instance continues it", job.backfillId(), run.summary());
            return record;
        }
        warehouse.backfillStore().finish(job.backfillId(), record.status(), record.error());
        job.finished(record.status());
        LOG.info("backfill {}: {} {}", job.backfillId(), run.summary(), "succeeded".equals(record.status()) ? "succeeded" : "FAILED");
        return record;
    }
}
