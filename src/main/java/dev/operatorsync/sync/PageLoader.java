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
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Commits one page: its rows, the dead letters of its records that do not map, the stream's resume point
 * (or, on the window's last page, its new watermark, or a backfill window's progress) and the run's counts,
 * in one warehouse transaction. Streams may load in parallel (backfill windows): each page borrows an idle
 * writer (its own connection) and gives it back, so there are as many writers as pages ever in flight at once.
 */
public final class PageLoader implements AutoCloseable {
    private final Warehouse warehouse;
    private final SyncMetrics metrics;
    private final Deque<PageWriter> idle = new ArrayDeque<>();
    private final List<PageWriter> all = new ArrayList<>();

    public PageLoader(Warehouse warehouse, SyncMetrics metrics) {
        this.warehouse = warehouse;
        this.metrics = metrics;
    }

    public PageOutcome load(@Body Page page, @ExchangeProperty("stream") StreamRun stream,
                            @ExchangeProperty("run") SyncRun run) throws SQLException {
        List<DeadLetter> letters = transformLetters(page, stream.operatorId(), ApiRequest.describe(stream));
        StreamRun.RetryCounts retries = stream.takeRetryCounts();
        PageCommit commit = new PageCommit(run.runId(), stream.streamId(), stream.operatorId(), stream.kind().filter(),
                stream.windowStart(), stream.windowEnd(), page.nextCursor(), 1 + retries.retries(), retries.retries(),
                retries.rateLimitWaitMillis(), stream.backfillWindowId());
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
        stream.advance(page.nextCursor());
        run.addPage(outcome);
        return outcome;
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
        synchronized (idle) {
            all.forEach(PageWriter::close);
            all.clear();
            idle.clear();
        }
    }
}
