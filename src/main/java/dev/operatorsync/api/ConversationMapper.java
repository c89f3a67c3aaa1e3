package dev.operatorsync.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operatorsync.warehouse.ConversationRow;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Maps one conversation object of the list endpoint to a typed row. Unknown fields are ignored here
 * (they stay in {@code _raw}); a field of the wrong type or a timestamp that does not parse rejects the
 * record with a {@link RecordMappingException} that names the field.
 */
public final class ConversationMapper {
    private final ApiVersion version;

    public ConversationMapper(ApiVersion version) {
        this.version = version;
    }

    /**
     * @param operatorId the operator the page was fetched for (2024-11-11), else null
     * @param rawJson    the object's exact bytes as text
     * @param hash       hex SHA-256 of those bytes
     */
    public ConversationRow map(JsonNode node, String operatorId, String rawJson, String hash, Instant observedAt) {
        String id = text(node, "id");
        if (id == null || id.isEmpty()) {
            throw new RecordMappingException(null, "the record has no id");
        }
        try {
            Instant createdAt = timestamp(node, "created_at");
            if (createdAt == null) {
                throw new IllegalArgumentException("created_at is missing");
            }
            return new ConversationRow(
                    id,
                    version.perOperator() ? operatorId : null,
                    text(node, "agent_id"),
                    text(node, "customer_id"),
                    bool(node, "livemode"),
                    text(node, "direction"),
                    text(node, "status"),
                    text(node, "channel_type"),
                    text(node, "phone_no"),
                    createdAt,
                    timestamp(node, "started_at"),
                    timestamp(node, "completed_at"),
                    timestamp(node, "postprocessed_at"),
                    bool(node, "postprocessed"),
                    bool(node, "transferred"),
                    number(node, "duration_sec"),
                    text(node, "sentiment"),
                    text(node, "failure_reason"),
                    scalarAsText(node, "zendesk_ticket_id"),
                    text(node, "summary"),
                    json(node, "scenarios", JsonNode::isArray, "an array"),
                    json(node, "custom_fields", JsonNode::isObject, "an object"),
                    rawJson,
                    version.header(),
                    hash,
                    observedAt);
        } catch (IllegalArgumentException e) {
            throw new RecordMappingException(id, e.getMessage());
        }
    }

    private static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " should be a string but is " + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
    }

    private static String scalarAsText(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(field + " should be a string or number but is " + value.getNodeType().name().toLowerCase());
        }
        return value.asText();
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(field + " should be a boolean but is " + value.getNodeType().name().toLowerCase());
        }
        return value.booleanValue();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " should be a number but is " + value.getNodeType().name().toLowerCase());
        }
        return value.doubleValue();
    }

    private static Instant timestamp(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return IsoInstants.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 UTC timestamp: '" + value + "'");
        }
    }

    private static String json(JsonNode node, String field, java.util.function.Predicate<JsonNode> shape, String expected) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!shape.test(value)) {
            throw new IllegalArgumentException(field + " should be " + expected + " but is " + value.getNodeType().name().toLowerCase());
        }
        return value.toString();
    }
}
