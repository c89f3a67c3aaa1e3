package dev.operatorsync.sync;

import dev.operatorsync.warehouse.PageWriter;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One created_at window of a reconcile, for one owner: the stream that lists it through the page path, and what
 * routes/reconcile.camel.yaml's SQL reads of it ({@code key}, {@code start}, {@code end}, {@code owner}).
 * Its steps run one after the other, so it needs no locking.
 */
public final class ReconcileWindow {
    private final StreamRun stream;
    /** Writes what GET /conversations/{id} served for a row the listing left out; opened on first use. */
    private PageWriter writer;
    private int requests;

    ReconcileWindow(StreamRun stream) {
        this.stream = stream;
    }

    StreamRun stream() {
        return stream;
    }

    /** Names the window's listed ids in {@code reconcile_listed}; unique per run and window. */
    public String getKey() {
        return stream.streamId();
    }

    public OffsetDateTime getStart() {
        return stream.windowStart().atOffset(ZoneOffset.UTC);
    }

    public OffsetDateTime getEnd() {
        return stream.windowEnd().atOffset(ZoneOffset.UTC);
    }

    /** The operator whose rows the window compares (2024-11-11), or empty for the whole account (2025-06-19). */
    public String getOwner() {
        return stream.operatorId() == null ? "" : stream.operatorId();
    }

    /** Counts one GET /conversations/{id} that got an answer or failed for good (its retries count on the stream). */
    void requested() {
        requests++;
    }

    int requests() {
        return requests;
    }

    PageWriter writer(Warehouse warehouse) throws SQLException {
        if (writer == null) {
            writer = warehouse.newPageWriter();
        }
        return writer;
    }

    void close() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    @Override
    public String toString() {
        return stream.toString();
    }
}
