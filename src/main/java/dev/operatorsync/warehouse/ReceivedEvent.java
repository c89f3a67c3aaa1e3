package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * A webhook event as the warehouse keeps it.
 *
 * @param eventId        the envelope's {@code id}; null when read back for the worker, which does not need it
 * @param conversationId null for a type that names no conversation
 * @param operatorId     the envelope's {@code operator_id} (2024-11-11), else null
 * @param signedAt       its {@code X-Timestamp}
 */
public record ReceivedEvent(String idempotencyKey, String eventId, String type, String conversationId, String operatorId,
                            Instant signedAt) {
}
