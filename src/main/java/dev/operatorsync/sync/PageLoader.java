package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.RejectedRecord;
import dev.operatorsync.ops.ConfiguredStreams;
import dev.operatorsync.ops.SyncMetrics;
import dev.operatorsync.warehouse.ConversationRow;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Commits a stream's pages: their rows, the dead letters of their records that do not map, the stream's resume
 * point (or, on the window's last page, its new watermark, or a backfill window's progress) and the run's counts,
 * in one warehouse transaction per write. Streams may load in parallel (sync.parallel, backfill windows): each
 * write borrows an idle writer (its own connection) and gives it back, so there are as many writers as writes ever
 * in flight.
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

    /** A fetched page as it waits to commit. */
    record PendingPage(List<ConversationRow> rows, List<DeadLetter> letters, PageCommit commit) {
    }

    /**
     * Queues a page for the stream's writer thread and moves the stream past it at once, so the route fetches
     * the next page while this one commits (unless the stream {@link StreamRun#fetchesAheadOfWrites() does not}).
     * A stream's pages commit in order, each write with the resume point of its last page, so crash safety is as
     * if each page were written before the next is fetched. Rethrows the failure of an earlier write of the
     * stream; {@link #drain} waits for the last one.
     */
    public void submit(@Body Page page, @ExchangeProperty("stream") StreamRun stream,
                       @ExchangeProperty("run") SyncRun run) throws Exception {
        PageCommit commit = commitFor(page, stream, run);
        List<DeadLetter> letters = page.rejected().isEmpty() ? List.of()
                : transformLetters(page, stream.operatorId(), ApiRequest.describe(stream));
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Map<String, String> logContext = mdc == null ? Map.of() : mdc;
        PendingPage pending = new PendingPage(page.rows(), letters, commit);
        stream.pageQueue().add(pending, warehouse.dialect().pagesWaitingPerStream(), writes,
                batch -> write(batch, stream, run, logContext));
        stream.advance(page.nextCursor());
        if (!stream.fetchesAheadOfWrites()) {
            drain(stream);
        }
    }

    /** Waits until the stream's pages have committed, and rethrows the failure of their write, if any. */
    public void drain(@ExchangeProperty("stream") StreamRun stream) throws Exception {
        if (stream != null) {
            stream.pageQueue().awaitWritten();
        }
    }

    /**
     * Lets a failing stream's pages already fetched commit before the failure is recorded, so the run's counts
     * are complete when it closes; their write's own failure, if it is not the one the stream failed on, is
     * logged: the stream's first failure wins.
     */
    public void settle(@ExchangeProperty("stream") StreamRun stream,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception streamFailure) {
        try {
            drain(stream);
        } catch (Exception e) {
            if (e != streamFailure) {
                LOG.warn("stream {}: the pages fetched before its failure did not commit either: {}", stream, e.getMessage());
            }
        }
    }

    private PageCommit commitFor(Page page, StreamRun stream, SyncRun run) {
        StreamRun.RetryCounts retries = stream.takeRetryCounts();
        return new PageCommit(run.runId(), stream.progressStreamId(), stream.operatorId(), stream.kind().filter(),
                stream.windowStart(), stream.windowEnd(), page.nextCursor(), 1 + retries.retries(), retries.retries(),
                retries.rateLimitWaitMillis(), stream.backfillWindowId());
    }

    /**
     * One transaction for consecutive pages of a stream: their rows in order, so a later page's version wins.
     * Logs with {@code logContext}, the MDC of the stream's thread, which every page of the stream shares.
     */
    private void write(List<PendingPage> batch, StreamRun stream, SyncRun run, Map<String, String> logContext)
            throws SQLException {
        MDC.setContextMap(logContext);
        try {
            List<ConversationRow> rows = new ArrayList<>();
            List<DeadLetter> letters = new ArrayList<>();
            PageCommit commit = null;
            for (PendingPage page : batch) {
                rows.addAll(page.rows());
                letters.addAll(page.letters());
                commit = commit == null ? page.commit() : commit.followedBy(page.commit());
            }
            long started = System.nanoTime();
            PageWriter writer = borrow();
            PageOutcome outcome;
            try {
                outcome = writer.write(rows, letters, commit, stream.lastPageAllNew());
            } finally {
                giveBack(writer);
            }
            stream.pageWritten(outcome, commit.nextCursor());
            String operator = ConfiguredStreams.operatorLabel(stream.operatorId());
            String streamLabel = ConfiguredStreams.label(stream.streamId());
            metrics.pageWritten(operator, streamLabel, outcome, System.nanoTime() - started);
            metrics.recordsDeadLettered(operator, streamLabel, outcome.deadLettered());
            run.addPages(batch.size(), outcome);
        } finally {
            MDC.clear();
        }
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
