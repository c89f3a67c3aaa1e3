package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * One row of {@code dead_letters}. {@code letter} is the failure as first seen; {@code latest} the last one of the
 * same request or record seen since, or null while it failed only once.
 */
public record StoredDeadLetter(long id, Instant firstSeenAt, Instant lastSeenAt, DeadLetter letter, int attempts, Long runId,
                               String status, Instant resolvedAt, String resolution, LatestFailure latest) {

    /** What the latest failure of a letter said: HTTP status, the API's {@code code}, the message. */
    public record LatestFailure(Integer httpStatus, String errorCode, String message) {
    }
}
