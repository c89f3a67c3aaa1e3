package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.RejectedRecord;
import dev.operatorsync.ops.ConfiguredStreams;
import dev.operatorsync.ops.SyncMetrics;
import dev.operatorsync.warehouse.PageCommit;
import dev.operatorsync.warehouse.PageOutcome;
import dev.operatorsync.warehouse.PageWriter;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Commits one page: its rows, the stream's resume point (or, on the window's last page, its new
 * watermark) and the run's counts, in one warehouse transaction. Streams are loaded one at a time, so
 * one writer (one connection) serves them all.
 */
public final class PageLoader implements AutoCloseable {
    private final Warehouse warehouse;
    private final SyncMetrics metrics;
    private PageWriter writer;

    public PageLoader(Warehouse warehouse) {
        this(warehouse, SyncMetrics.inMemory());
    }

    public PageLoader(Warehouse warehouse, SyncMetrics metrics) {
        this.warehouse = warehouse;
        this.metrics = metrics;
    }

    public synchronized PageOutcome load(@Body Page page, @ExchangeProperty("stream") StreamRun stream,
                                         @ExchangeProperty("run") SyncRun run) throws SQLException {
        if (!page.rejected().isEmpty()) {
            RejectedRecord first = page.rejected().get(0);
            throw new IllegalStateException(page.rejected().size() + " record(s) of the page do not map, e.g. "
                    + (first.conversationId() == null ? "one without id" : first.conversationId()) + ": " + first.reason());
        }
        PageCommit commit = new PageCommit(run.runId(), stream.streamId(), stream.operatorId(), stream.kind().filter(),
                stream.windowStart(), stream.windowEnd(), page.nextCursor(), 1, 0, 0);
        long started = System.nanoTime();
        PageOutcome outcome = writer().write(page.rows(), commit);
        metrics.pageWritten(ConfiguredStreams.operatorLabel(stream.operatorId()), ConfiguredStreams.label(stream.streamId()),
                outcome, System.nanoTime() - started);
        stream.advance(page.nextCursor());
        run.addPage(outcome);
        return outcome;
    }

    private PageWriter writer() throws SQLException {
        if (writer == null) {
            writer = warehouse.newPageWriter();
        }
        return writer;
    }

    @Override
    public synchronized void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
    }
}
