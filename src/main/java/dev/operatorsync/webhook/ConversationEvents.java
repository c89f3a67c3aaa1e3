package dev.operatorsync.webhook;

import java.time.Instant;
import java.util.List;

/**
 * The pending events of one conversation that one fetch answers.
 *
 * @param operatorId    the operator the events name (2024-11-11), else null
 * @param signedAt      each event's {@code X-Timestamp}, in the order of {@code idempotencyKeys}
 */
public record ConversationEvents(String conversationId, String operatorId, List<String> idempotencyKeys, List<Instant> signedAt,
                                 List<String> types) {
}
