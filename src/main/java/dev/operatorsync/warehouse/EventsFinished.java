package dev.operatorsync.warehouse;

import java.time.Instant;
import java.util.List;

/**
 * Webhook events that end together, marked in one statement.
 *
 * @param status  {@code done}, {@code ignored} or {@code failed}
 * @param outcome what became of them: {@code written} (through the guarded upsert), {@code not_found}, {@code operator_not_configured},
 *                {@code dead_lettered}
 * @param at      when they finished (the event-to-row latency ends here)
 * @param runId   the webhook run that wrote their row; null when none did
 */
public record EventsFinished(List<String> idempotencyKeys, String status, String outcome, Instant at, Long runId) {
}
