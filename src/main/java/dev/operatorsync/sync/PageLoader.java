package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.RejectedRecord;
import dev.operatorsync.warehouse.PageCommit;
import dev.operatorsync.warehouse.PageOutcome;
import dev.operatorsync.warehouse.PageWriter;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Commits one page: its rows, the stream's resume point (or, on the window's last page, its new
 * watermark, or a backfill window's progress) and the run's counts, in one warehouse transaction. Streams
 * may load in parallel (backfill windows): each page borrows an idle writer (its own connection) and gives
 * it back, so there are as many writers as pages ever in flight at once.
 */
public final class PageLoader implements AutoCloseable {
    private final Warehouse warehouse;
    private final java.util.Deque<PageWriter> idle = new java.util.ArrayDeque<>();
    private final java.util.List<PageWriter> all = new java.util.ArrayList<>();

    public PageLoader(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public PageOutcome load(@Body Page page, @ExchangeProperty("stream") StreamRun stream,
                                         @ExchangeProperty("run") SyncRun run) throws SQLException {
        if (!page.rejected().isEmpty()) {
            RejectedRecord first = page.rejected().get(0);
            throw new IllegalStateException(page.rejected().size() + " record(s) of the page do not map, e.g. "
                    + (first.conversationId() == null ? "one without id" : first.conversationId()) + ": " + first.reason());
        }
        PageCommit commit = new PageCommit(run.runId(), stream.streamId(), stream.operatorId(), stream.kind().filter(),
                stream.windowStart(), stream.windowEnd(), page.nextCursor(), 1, 0, 0, stream.backfillWindowId());
        PageWriter writer = borrow();
        PageOutcome outcome;
        try {
            outcome = writer.write(page.rows(), commit);
        } finally {
            giveBack(writer);
        }
        stream.advance(page.nextCursor());
        run.addPage(outcome);
        return outcome;
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
    public void close() throws Exception {
        synchronized (idle) {
            all.forEach(PageWriter::close);
            all.clear();
            idle.clear();
        }
    }
}
