package dev.operatorsync.warehouse;

import java.time.Instant;

/** One row of {@code dead_letters}. */
public record StoredDeadLetter(long id, Instant firstSeenAt, Instant lastSeenAt, DeadLetter letter, int attempts, Long runId,
                               String status, Instant resolvedAt, String resolution) {
}
