package dev.operatorsync.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * What a reconcile compares: the conversations created in [from, to), cut into windows of {@code window}.
 *
 * @param from null: everything the table and the API hold before {@code to}
 */
public record ReconcileRequest(Instant from, Instant to, Duration window) {
    public ReconcileRequest {
        if (from != null && !from.isBefore(to)) {
            throw new BadRequestException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /**
     * Parses what a person typed; {@code to} defaults to {@code defaultTo} ({@link Reconciles#defaultTo()}: no later
     * than the live sync has reached), {@code from} to everything.
     */
    public static ReconcileRequest parse(String from, String to, Instant defaultTo, Duration window) {
        Instant start = from == null ? null : BackfillRequest.instant("from", from);
        Instant end = to == null ? defaultTo : BackfillRequest.instant("to", to);
        return new ReconcileRequest(start, end, window);
    }

    public String describe() {
        return "[" + (from == null ? "the beginning" : from) + ", " + to + ")";
    }
}
