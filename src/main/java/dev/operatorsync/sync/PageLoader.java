package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.RejectedRecord;
import dev.operatorsync.ops.ConfiguredStreams;
import dev.operatorsync.ops.SyncMetrics;
import dev.operatorsync.warehouse.DeadLetter;
import dev.operatorsync.warehouse.PageCommit;
import dev.operatorsync.warehouse.PageOutcome;
import dev.operatorsync.warehouse.PageWriter;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Commits one page: its rows, the dead letters of its records that do not map, the stream's resume point
 * (or, on the window's last page, its new watermark, or a backfill window's progress) and the run's counts,
 * in one warehouse transaction. Streams may load in parallel (backfill windows): each page borrows an idle
 * writer (its own connection) and gives it back, so there are as many writers as pages ever in flight at once.
 */
public final class PageLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageLoader.class);
    private final Warehouse warehouse;
    private final SyncMetrics metrics;
    private final Deque<PageWriter> idle = new ArrayDeque<>();
    private final List<PageWriter> all = new ArrayList<>();
    private final ExecutorService writes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "page-writer");
        thread.setDaemon(true);
        return thread;
    });

    public PageLoader(Warehouse warehouse, SyncMetrics metrics) {
        this.warehouse = warehouse;
        this.metrics = metrics;
    }

    /**
     * Hands a page to a writer thread and moves the stream past it at once, so the route fetches the next page
     * while this one commits (unless the stream {@link StreamRun#fetchesAheadOfWrites() does not}). It first
     * waits for the stream's previous write and rethrows its failure: pages of a stream commit one after the
     * other, in order, each with its own resume point, so crash safety is as if each page were written before
     * the next is fetched. {@link #drain} waits for the last one.
     */
    public void submit(@Body Page page, @ExchangeProperty("stream") StreamRun stream,
                       @ExchangeProperty("run") SyncRun run) throws Exception {
        drain(stream);
        PageCommit commit = commitFor(page, stream, run);
        List<DeadLetter> letters = transformLetters(page, stream.operatorId(), ApiRequest.describe(stream));
        stream.advance(page.nextCursor());
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        stream.pendingWrite(CompletableFuture.runAsync(() -> {
            MDC.setContextMap(logContext == null ? Map.of() : logContext);
            try {
                write(page, letters, stream, run, commit);
            } catch (SQLException e) {
                throw new CompletionException(e);
            } finally {
                MDC.clear();
            }
        }, writes));
        if (!stream.fetchesAheadOfWrites()) {
            drain(stream);
        }
    }

    /** Waits for the stream's write in flight, if any, and rethrows its failure. */
    public void drain(@ExchangeProperty("stream") StreamRun stream) throws Exception {
        CompletableFuture<Void> pending = stream == null ? null : stream.takePendingWrite();
        if (pending == null) {
            return;
        }
        try {
            pending.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Lets a failing stream's write in flight finish before the failure is recorded, so the run's counts are
     * complete when it closes; that write's own failure, if any, is logged, the stream's first failure wins.
     */
    public void settle(@ExchangeProperty("stream") StreamRun stream) {
        try {
            drain(stream);
        } catch (Exception e) {
            LOG.warn("stream {}: the page written before its failure did not commit either: {}", stream, e.getMessage());
        }
    }

    private PageCommit commitFor(Page page, StreamRun stream, SyncRun run) {
        StreamRun.RetryCounts retries = stream.takeRetryCounts();
        return new PageCommit(run.runId(), stream.streamId(), stream.operatorId(), stream.kind().filter(),
                stream.windowStart(), stream.windowEnd(), page.nextCursor(), 1 + retries.retries(), retries.retries(),
                retries.rateLimitWaitMillis(), stream.backfillWindowId());
    }

    private void write(Page page, List<DeadLetter> letters, StreamRun stream, SyncRun run, PageCommit commit) throws SQLException {
        long started = System.nanoTime();
        PageWriter writer = borrow();
        PageOutcome outcome;
        try {
            outcome = writer.write(page.rows(), letters, commit);
        } finally {
            giveBack(writer);
        }
        String operator = ConfiguredStreams.operatorLabel(stream.operatorId());
        String streamLabel = ConfiguredStreams.label(stream.streamId());
        metrics.pageWritten(operator, streamLabel, outcome, System.nanoTime() - started);
        metrics.recordsDeadLettered(operator, streamLabel, outcome.deadLettered());
        run.addPage(outcome);
    }

    /** A record that does not map is dead-lettered alone, with the request of its page; the rest of the page loads. */
    static List<DeadLetter> transformLetters(Page page, String operatorId, String request) {
        List<DeadLetter> letters = new ArrayList<>();
        for (RejectedRecord rejected : page.rejected()) {
            letters.add(DeadLetter.record(DeadLetter.TRANSFORM, operatorId, rejected.conversationId(), rejected.reason(),
                    request, rejected.rawJson()));
        }
        return letters;
    }

    private PageWriter borrow() throws SQLException {
        synchronized (idle) {
            PageWriter writer = idle.pollFirst();
            if (writer != null) {
                return writer;
            }
        }
        PageWriter writer = warehouse.newPageWriter();
        synchronized (idle) {
            all.add(writer);
        }
        return writer;
    }

    private void giveBack(PageWriter writer) {
        synchronized (idle) {
            idle.addFirst(writer);
        }
    }

    @Override
    public void close() {
        writes.shutdown();
        synchronized (idle) {
            all.forEach(PageWriter::close);
            all.clear();
            idle.clear();
        }
    }
}
