package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * A reconcile's {@code sync_runs} row, with what it found: conversations the API listed in its range, those the
 * table was missing (and loaded), rows marked deleted, and rows the API served again after they were marked.
 *
 * @param windowStart null when the reconcile reached back to everything
 */
public record ReconcileRecord(long runId, String status, Instant startedAt, Instant finishedAt, Instant windowStart,
                              Instant windowEnd, long listed, long missing, long deleted, long restored, long deadLettered,
                              String error) {
}
