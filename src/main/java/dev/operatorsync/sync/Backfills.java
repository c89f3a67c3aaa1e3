package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.BackfillRecord;
import dev.operatorsync.warehouse.BackfillStore;
import dev.operatorsync.warehouse.BackfillWindow;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    public Backfills(Settings settings, Warehouse warehouse, Clock clock) {
        this.settings = settings;
        this.warehouse = warehouse;
        this.clock = clock;
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
        long backfillId;
        if (unfinished.isPresent()) {
            backfillId = unfinished.get();
            store.restart(backfillId, runId);
        } else {
            List<BackfillStore.WindowSpec> specs = new ArrayList<>();
            for (Instant[] slice : request.slices()) {
                for (String owner : request.owners(settings)) {
                    specs.add(new BackfillStore.WindowSpec(owner, slice[0], slice[1]));
                }
            }
            backfillId = store.create(request.from(), request.to(), request.operatorId(), request.windowSeconds(), requestedBy, runId, specs);
        }
        List<BackfillWindow> windows = store.windows(backfillId);
        List<StreamRun> pending = new ArrayList<>();
        for (BackfillWindow w : windows) {
            if (!w.done()) {
                String owner = w.operatorId() == null ? StreamKind.ACCOUNT : w.operatorId();
                pending.add(new StreamRun("backfill/" + backfillId + "/" + owner + "/" + w.start(), w.operatorId(),
                        w.start(), w.end(), w.resumeCursor(), w.windowId()));
            }
        }
        SyncRun run = new SyncRun(runId, now);
        run.planned(pending.size());
        BackfillJob job = new BackfillJob(backfillId, request, run, pending, windows.size(), windows.size() - pending.size());
        live.put(backfillId, job);
        if (live.size() > 50) { // a long-running service keeps only recent jobs in memory; the warehouse has them all
            live.values().removeIf(j -> !"running".equals(j.status()) && j != job);
        }
        LOG.info("backfill {} {} {}: run {}, {} of {} windows to load", backfillId, unfinished.isPresent() ? "continues" : "starts",
                request.describe(), runId, pending.size(), windows.size());
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

    public List<StreamRun> windows(@Body BackfillJob job) {
        return job.pending();
    }

    public RunRecord finish(@ExchangeProperty("backfill") BackfillJob job) throws SQLException {
        SyncRun run = job.run();
        RunRecord record = run.close(warehouse.runLedger());
        warehouse.backfillStore().finish(job.backfillId(), record.status(), record.error());
        job.finished(record.status());
        LOG.info("backfill {}: {} {}", job.backfillId(), run.summary(), "succeeded".equals(record.status()) ? "succeeded" : "FAILED");
        return record;
    }
}
