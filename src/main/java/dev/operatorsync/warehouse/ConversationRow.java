package dev.operatorsync.warehouse;

import java.time.Instant;

/**
 * One conversation as the warehouse stores it: the typed columns of {@code conversations} plus the
 * columns the tool owns. {@code rawJson} is the object exactly as the list endpoint returned it and
 * {@code payloadHash} is the hex SHA-256 of those bytes. {@code scenariosJson} and
 * {@code customFieldsJson} are JSON text (or null). A field the API version lacks is null.
 */
public record ConversationRow(
        String id,
        String operatorId,
        String agentId,
        String customerId,
        Boolean livemode,
        String direction,
        String status,
        String channelType,
        String phoneNo,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Instant postprocessedAt,
        Boolean postprocessed,
        Boolean transferred,
        Double durationSec,
        String sentiment,
        String failureReason,
        String zendeskTicketId,
        String summary,
        String scenariosJson,
        String customFieldsJson,
        String rawJson,
        String apiVersion,
        String payloadHash,
        Instant observedAt) {
}
