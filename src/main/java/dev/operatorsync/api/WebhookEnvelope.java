package dev.operatorsync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * The envelope of a webhook event: {@code {"id", "created_at", "conversation_id", "operator_id"?, "payload":
 * {"type", ...}}}. Unknown fields are allowed; only what the tool acts on is read.
 *
 * @param conversationId null for a type that names none
 * @param operatorId     the operator the conversation belongs to (2024-11-11); null when absent
 */
public record WebhookEnvelope(String id, String type, String conversationId, String operatorId) {
    /** The types that make the tool fetch the conversation; the rest are acknowledged and ignored. */
    public static final Set<String> CONVERSATION_TYPES = Set.of("conversation.setup", "conversation.ended",
            "conversation.custom_fields.updated");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException with what is wrong, when the body is not the envelope */
    public static WebhookEnvelope parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        String id = text(root, "id");
        text(root, "created_at");
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("payload is missing or not an object");
        }
        String type = text(payload, "type");
        String conversationId = root.hasNonNull("conversation_id") ? text(root, "conversation_id") : null;
        if (CONVERSATION_TYPES.contains(type) && conversationId == null) {
            throw new IllegalArgumentException("conversation_id is required for " + type);
        }
        String operatorId = root.hasNonNull("operator_id") ? text(root, "operator_id") : null;
        return new WebhookEnvelope(id, type, conversationId, operatorId);
    }

    public boolean fetchesConversation() {
        return CONVERSATION_TYPES.contains(type);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(field + " is missing or not a non-empty string");
        }
        return value.asText();
    }
}
