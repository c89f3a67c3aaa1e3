package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * One {@code sync_state} row. While a window is open ({@code resumeCursor} set) the window bounds
 * say where to resume; once it closes they are null and {@code watermark} is the window's end.
 */
public record StreamState(String streamId, String operatorId, String field, Instant watermark, Instant windowStart,
                          Instant windowEnd, String resumeCursor, Long lastRunId, String lastStatus,
                          Instant lastSuccessAt, String lastError) {
    public boolean interrupted() {
        return resumeCursor != null;
    }
}
