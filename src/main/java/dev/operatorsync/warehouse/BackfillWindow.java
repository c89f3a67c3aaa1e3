package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * One {@code backfill_windows} row: a [start, end) slice of a backfill over {@code created_at}, for one
 * operator (2024-11-11) or the account (null, 2025-06-19), and where its paging stands.
 *
 * @param status {@code pending} (not started, or interrupted at {@code resumeCursor}), {@code done} or {@code failed}
 */
public record BackfillWindow(long windowId, String operatorId, Instant start, Instant end, String resumeCursor,
                             String status, int pages, long fetched) {
    public boolean done() {
        return "done".equals(status);
    }
}
