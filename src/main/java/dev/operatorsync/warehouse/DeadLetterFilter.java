package dev.operatorsync.warehouse;

import java.time.Instant;

/** Which dead letters to list; a null field filters nothing. {@code seenBefore} is exclusive. */
public record DeadLetterFilter(String status, String stage, String operatorId, Instant seenSince, Instant seenBefore) {
    public static final DeadLetterFilter OPEN = new DeadLetterFilter("open", null, null, null, null);
}
