package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.config.Settings;
import dev.operatorsync.ops.RunLogLine;
import dev.operatorsync.ops.SyncMetrics;
import dev.operatorsync.warehouse.ConversationRow;
import dev.operatorsync.warehouse.DeadLetter;
import dev.operatorsync.warehouse.PageCommit;
import dev.operatorsync.warehouse.ReconcileRecord;
import dev.operatorsync.warehouse.ReconcileStore;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StreamState;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The steps of routes/reconcile.camel.yaml: plans a reconcile's windows, keeps the ids each window's listing
 * served in the warehouse, counts what the comparison found, writes what GET /conversations/{id} served, and
 * closes the run with its counts. The listing's pages go through the sync's page path (PageLoader) and commit no
 * resume point: a reconcile never reads or moves a watermark, and one run again starts over.
 */
public final class Reconciles {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciles.class);
    /** The first window of a reconcile of everything starts here: before any conversation the API can hold. */
    private static final Instant BEGINNING = Instant.EPOCH;
    private static final String SQL_UPDATE_COUNT = "CamelSqlUpdateCount";

    private final Settings settings;
    private final ReconcileSettings reconcile;
    private final Warehouse warehouse;
    private final Clock clock;
    private final SyncMetrics metrics;
    private final ApiErrorClassifier classifier;
    private final Runnable afterRun;

    public Reconciles(Settings settings, ReconcileSettings reconcile, Warehouse warehouse, Clock clock, SyncMetrics metrics,
                      ApiErrorClassifier classifier, Runnable afterRun) {
        this.settings = settings;
        this.reconcile = reconcile;
        this.warehouse = warehouse;
        this.clock = clock;
        this.metrics = metrics;
        this.classifier = classifier;
        this.afterRun = afterRun;
    }

    /** The reconcile.range that ends where {@link #defaultTo()} says, for the schedule of {@code run}. */
    public ReconcileRequest scheduled() throws SQLException {
        Instant to = defaultTo();
        return new ReconcileRequest(to.minus(reconcile.range()), to, reconcile.window());
    }

    /**
     * Where a reconcile ends unless told: now minus the settle delay (rows younger may still be on their way), or,
     * once every configured owner's created_at stream has a watermark, the oldest of them, so conversations the live
     * sync simply has not reached yet are not counted (and warned about) as missing. Reading it moves nothing.
     */
    public Instant defaultTo() throws SQLException {
        Instant settled = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(settings.settleDelay());
        Map<String, Instant> watermarks = new HashMap<>();
        for (StreamState state : warehouse.stateStore().all()) {
            if (state.watermark() != null) {
                watermarks.put(state.streamId(), state.watermark());
            }
        }
        Instant to = settled;
        for (String owner : owners()) {
            Instant synced = watermarks.get(StreamKind.CREATED.streamId(owner == null ? StreamKind.ACCOUNT : owner));
            if (synced == null) {
                return settled;
            }
            to = synced.isBefore(to) ? synced : to;
        }
        return to;
    }

    public ReconcileSettings settings() {
        return reconcile;
    }

    // --- the steps of routes/reconcile.camel.yaml ---

    /** Opens the run (kind {@code reconcile}) and plans one window per slice of the range and owner. */
    public ReconcileRun begin(@Body ReconcileRequest request, Exchange exchange) throws SQLException {
        warehouse.runLedger().closeAbandoned();
        ReconcileStore store = warehouse.reconcileStore();
        store.forgetFinished();
        List<Instant[]> slices = slices(request, store.earliestCreatedAt());
        long runId = warehouse.runLedger().start("reconcile", request.from(), request.to());
        SyncRun run = new SyncRun(runId, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        List<ReconcileWindow> windows = new ArrayList<>();
        for (Instant[] slice : slices) {
            for (String owner : owners()) {
                String streamId = "r" + runId + "/" + (owner == null ? StreamKind.ACCOUNT : owner) + "@" + slice[0] + "/reconcile";
                windows.add(new ReconcileWindow(StreamRun.reconcileWindow(streamId, owner, slice[0], slice[1])));
            }
        }
        run.planned(windows.size());
        ReconcileRun reconcileRun = new ReconcileRun(run, request, windows);
        exchange.setProperty("run", run);
        exchange.setProperty("reconcile", reconcileRun);
        MDC.put(RunLogLine.MDC_RUN_ID, Long.toString(runId));
        LOG.info("reconcile run {} started over {}: {} windows", runId, request.describe(), windows.size());
        return reconcileRun;
    }

    /** Each configured operator (2024-11-11), or the account as a single null (2025-06-19). */
    private List<String> owners() {
        return settings.apiVersion().perOperator() ? settings.operatorIds() : Collections.singletonList(null);
    }

    /**
     * The request's range cut into windows. A range with no start begins with one window before the table's oldest
     * row (which should list nothing), then windows from that row's day on; on an empty table, one window.
     */
    static List<Instant[]> slices(ReconcileRequest request, Optional<Instant> earliest) {
        List<Instant[]> slices = new ArrayList<>();
        Instant start = request.from();
        if (start == null) {
            Instant firstDay = earliest.map(e -> e.truncatedTo(ChronoUnit.DAYS)).filter(d -> d.isBefore(request.to())).orElse(request.to());
            slices.add(new Instant[] {BEGINNING, firstDay});
            start = firstDay;
        }
        for (; start.isBefore(request.to()); start = start.plus(request.window())) {
            Instant end = start.plus(request.window());
            slices.add(new Instant[] {start, end.isAfter(request.to()) ? request.to() : end});
        }
        return slices;
    }

    public List<ReconcileWindow> windows(@ExchangeProperty("reconcile") ReconcileRun reconcileRun) {
        return reconcileRun.windows();
    }

    /** Makes the window the exchange's stream, and tags the thread's log lines with the run. */
    public void enterWindow(@Body ReconcileWindow window, @ExchangeProperty("run") SyncRun run, Exchange exchange) {
        MDC.put(RunLogLine.MDC_RUN_ID, Long.toString(run.runId()));
        exchange.setProperty("reconcileWindow", window);
        exchange.setProperty("stream", window.stream());
    }

    /** Keeps the ids a page of the listing served, for the comparison at the window's end; hands the page on. */
    public Page listed(@Body Page page, @ExchangeProperty("reconcileWindow") ReconcileWindow window,
                       @ExchangeProperty("reconcile") ReconcileRun reconcileRun) throws SQLException {
        String[] ids = new String[page.rows().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = page.rows().get(i).id();
        }
        warehouse.reconcileStore().recordListed(window.getKey(), reconcileRun.run().runId(), ids);
        reconcileRun.listed.addAndGet(page.fetched());
        return page;
    }

    /** After reconcile_restore.sql: rows marked deleted that the listing served again. */
    public void restored(@Header(SQL_UPDATE_COUNT) int count, @ExchangeProperty("reconcileWindow") ReconcileWindow window,
                         @ExchangeProperty("reconcile") ReconcileRun reconcileRun) {
        if (count > 0) {
            reconcileRun.restored.addAndGet(count);
            LOG.info("reconcile window {}: {} conversations marked deleted are served again", window, count);
        }
    }

    /** GET /conversations/{id} answered 404, and reconcile_mark_deleted.sql ran. */
    public void deleted(@Header(SQL_UPDATE_COUNT) int count, @ExchangeProperty("conversationId") String conversationId,
                        @ExchangeProperty("reconcileWindow") ReconcileWindow window,
                        @ExchangeProperty("reconcile") ReconcileRun reconcileRun) {
        window.requested();
        reconcileRun.deleted.addAndGet(count);
        LOG.debug("reconcile window {}: {} is deleted", window, conversationId);
    }

    /**
     * GET /conversations/{id} served a row the listing left out: written through the guarded upsert (never
     * older), which also shows it is not deleted.
     */
    public void served(@Body Page page, @ExchangeProperty("conversationId") String conversationId,
                       @ExchangeProperty("reconcileWindow") ReconcileWindow window,
                       @ExchangeProperty("run") SyncRun run) throws SQLException {
        window.requested();
        List<DeadLetter> letters = page.rejected().isEmpty() ? List.of()
                : PageLoader.transformLetters(page, window.stream().operatorId(), ConversationRequest.describe(conversationId));
        // No page and no request counted here: pages are the listing's, and this request counts when the window ends.
        PageCommit commit = new PageCommit(run.runId(), null, window.stream().operatorId(), null, null, null, null, 0, 0, 0, null, 0);
        run.addPages(0, window.writer(warehouse).write(page.rows(), letters, commit));
        LOG.info("reconcile window {}: {} was not listed, yet the API serves it", window, conversationId);
    }

    /**
     * GET /conversations/{id} failed for good (neither 200 nor 404, after the retries): the row stays as it is,
     * and the request is dead-lettered.
     */
    public void checkFailed(Exchange exchange, @ExchangeProperty("conversationId") String conversationId,
                            @ExchangeProperty("reconcileWindow") ReconcileWindow window,
                            @ExchangeProperty("run") SyncRun run) throws SQLException {
        window.requested();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ApiFailure api = ApiFailure.of(cause);
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        LOG.warn("reconcile window {}: cannot check {}, its row stays as it is: {}", window, conversationId, reason);
        warehouse.deadLetters().record(new DeadLetter(DeadLetter.FETCH, window.stream().operatorId(), conversationId, api.status(),
                api.code(), cause != null && classifier.isTransient(cause), reason, ConversationRequest.describe(conversationId),
                api.responseBody()), run.runId(), 0, 0, 0);
    }

    /** The window is compared: its listed ids go, its GETs are counted, it counts as done. */
    public void windowDone(@ExchangeProperty("reconcileWindow") ReconcileWindow window,
                           @ExchangeProperty("reconcile") ReconcileRun reconcileRun) throws SQLException {
        release(window, reconcileRun);
        reconcileRun.run().streamDone();
        LOG.debug("reconcile window {} done", window);
    }

    /** After the stream's failure is recorded (syncRuns.streamFailed): the window's listed ids and writer go. */
    public void windowFailed(@ExchangeProperty("reconcileWindow") ReconcileWindow window,
                             @ExchangeProperty("reconcile") ReconcileRun reconcileRun) throws SQLException {
        if (window != null) {
            release(window, reconcileRun);
        }
    }

    private void release(ReconcileWindow window, ReconcileRun reconcileRun) throws SQLException {
        window.close();
        StreamRun.RetryCounts retries = window.stream().takeRetryCounts();
        reconcileRun.requests.addAndGet(window.requests() + retries.retries());
        reconcileRun.retries.addAndGet(retries.retries());
        warehouse.reconcileStore().forgetWindow(window.getKey());
    }

    /** Writes the counts, closes the run, and says loudly when the table was missing rows. */
    public ReconcileRecord finish(@ExchangeProperty("reconcile") ReconcileRun reconcileRun) throws SQLException {
        try {
            long runId = reconcileRun.run().runId();
            warehouse.reconcileStore().finish(runId, reconcileRun.listed.get(), reconcileRun.deleted.get(),
                    reconcileRun.restored.get(), reconcileRun.requests.get(), reconcileRun.retries.get());
            RunRecord run = reconcileRun.run().close(warehouse.runLedger());
            ReconcileRecord found = warehouse.reconcileStore().find(runId).orElseThrow();
            LOG.info("{}; reconcile over {}: {} listed, {} missing and loaded, {} deleted, {} restored", RunLogLine.of(run),
                    reconcileRun.request().describe(), found.listed(), found.missing(), found.deleted(), found.restored());
            if (found.missing() > 0) {
                LOG.warn("reconcile run {} loaded {} conversations the table was missing over {}: rows were lost after they were "
                        + "synced, or a sync skipped them; look for failed runs or warehouse faults", runId, found.missing(),
                        reconcileRun.request().describe());
            }
            metrics.runFinished(run);
            metrics.reconciled(found.listed(), found.missing(), found.deleted(), found.restored());
            afterRun.run();
            return found;
        } finally {
            MDC.remove(RunLogLine.MDC_RUN_ID);
        }
    }
}
