package dev.operatorsync.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.operatorsync.warehouse.ConversationRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Maps one conversation object of the list endpoint to a typed row, straight from the parser's tokens (no
 * tree in between). Unknown fields are skipped here (they stay in {@code _raw}); {@code scenarios} and
 * {@code custom_fields} keep their exact bytes. A field of the wrong type or a timestamp that does not parse
 * rejects the record with a {@link RecordMappingException} that names the field, once the whole object has
 * been read, so the rest of the page parses on.
 */
public final class ConversationMapper {
    private final ApiVersion version;

    public ConversationMapper(ApiVersion version) {
        this.version = version;
    }

    /** One record's fields while it is read; reused from record to record by one thread. */
    static final class Fields {
        private String id;
        private String agentId;
        private String customerId;
        private Boolean livemode;
        private String direction;
        private String status;
        private String channelType;
        private String phoneNo;
        private Instant createdAt;
        private Instant startedAt;
        private Instant completedAt;
        private Instant postprocessedAt;
        private Boolean postprocessed;
        private Boolean transferred;
        private Double durationSec;
        private String sentiment;
        private String failureReason;
        private String zendeskTicketId;
        private String summary;
        private String scenarios;
        private String customFields;
        /** The first field that did not map, reported once the record's id is known. */
        private String error;

        private void clear() {
            id = agentId = customerId = direction = status = channelType = phoneNo = null;
            createdAt = startedAt = completedAt = postprocessedAt = null;
            livemode = postprocessed = transferred = null;
            durationSec = null;
            sentiment = failureReason = zendeskTicketId = summary = scenarios = customFields = error = null;
        }
    }

    /**
     * Reads the object whose START_OBJECT is the parser's current token, through its END_OBJECT, into
     * {@code fields}. {@code body} is the buffer the parser reads, for the exact bytes of the JSON fields.
     */
    void read(JsonParser parser, byte[] body, Fields fields) throws IOException {
        fields.clear();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "id" -> fields.id = text(parser, name, fields);
                case "agent_id" -> fields.agentId = text(parser, name, fields);
                case "customer_id" -> fields.customerId = text(parser, name, fields);
                case "livemode" -> fields.livemode = bool(parser, name, fields);
                case "direction" -> fields.direction = text(parser, name, fields);
                case "status" -> fields.status = text(parser, name, fields);
                case "channel_type" -> fields.channelType = text(parser, name, fields);
                case "phone_no" -> fields.phoneNo = text(parser, name, fields);
                case "created_at" -> fields.createdAt = timestamp(parser, name, fields);
                case "started_at" -> fields.startedAt = timestamp(parser, name, fields);
                case "completed_at" -> fields.completedAt = timestamp(parser, name, fields);
                case "postprocessed_at" -> fields.postprocessedAt = timestamp(parser, name, fields);
                case "postprocessed" -> fields.postprocessed = bool(parser, name, fields);
                case "transferred" -> fields.transferred = bool(parser, name, fields);
                case "duration_sec" -> fields.durationSec = number(parser, name, fields);
                case "sentiment" -> fields.sentiment = text(parser, name, fields);
                case "failure_reason" -> fields.failureReason = text(parser, name, fields);
                case "zendesk_ticket_id" -> fields.zendeskTicketId = scalarAsText(parser, name, fields);
                case "summary" -> fields.summary = text(parser, name, fields);
                case "scenarios" -> fields.scenarios = json(parser, body, name, JsonToken.START_ARRAY, "an array", fields);
                case "custom_fields" -> fields.customFields = json(parser, body, name, JsonToken.START_OBJECT, "an object", fields);
                default -> parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new MalformedPageException("the response body ends inside a record");
        }
    }

    /**
     * The row of a record {@link #read} without error, else a {@link RecordMappingException}.
     *
     * @param operatorId the operator the page was fetched for (2024-11-11), else null
     * @param rawJson    the object's exact bytes as text
     * @param hash       hex SHA-256 of those bytes
     */
    ConversationRow row(Fields f, String operatorId, String rawJson, String hash, Instant observedAt) {
        if (f.id == null || f.id.isEmpty()) {
            throw new RecordMappingException(null, "the record has no id");
        }
        if (f.error != null) {
            throw new RecordMappingException(f.id, f.error);
        }
        if (f.createdAt == null) {
            throw new RecordMappingException(f.id, "created_at is missing");
        }
        return new ConversationRow(f.id, version.perOperator() ? operatorId : null, f.agentId, f.customerId, f.livemode,
                f.direction, f.status, f.channelType, f.phoneNo, f.createdAt, f.startedAt, f.completedAt,
                f.postprocessedAt, f.postprocessed, f.transferred, f.durationSec, f.sentiment, f.failureReason,
                f.zendeskTicketId, f.summary, f.scenarios, f.customFields, rawJson, version.header(), hash, observedAt);
    }

    private static String text(JsonParser parser, String field, Fields fields) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        return wrongType(parser, field, "a string", fields);
    }

    private static String scalarAsText(JsonParser parser, String field, Fields fields) throws IOException {
        if (parser.currentToken().isScalarValue()) {
            return parser.getText();
        }
        return wrongType(parser, field, "a string or number", fields);
    }

    private static Boolean bool(JsonParser parser, String field, Fields fields) throws IOException {
        if (parser.currentToken().isBoolean()) {
            return parser.getBooleanValue();
        }
        return wrongType(parser, field, "a boolean", fields);
    }

    private static Double number(JsonParser parser, String field, Fields fields) throws IOException {
        if (parser.currentToken().isNumeric()) {
            return parser.getDoubleValue();
        }
        return wrongType(parser, field, "a number", fields);
    }

    private static Instant timestamp(JsonParser parser, String field, Fields fields) throws IOException {
        String value = text(parser, field, fields);
        if (value == null) {
            return null;
        }
        try {
            return IsoInstants.parse(value);
        } catch (DateTimeParseException e) {
            if (fields.error == null) {
                fields.error = field + " is not an ISO-8601 UTC timestamp: '" + value + "'";
            }
            return null;
        }
    }

    /** The value's exact bytes, when its token is {@code shape}. */
    private static String json(JsonParser parser, byte[] body, String field, JsonToken shape, String expected, Fields fields)
            throws IOException {
        if (parser.currentToken() != shape) {
            return wrongType(parser, field, expected, fields);
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
        return new String(body, start, end - start, StandardCharsets.UTF_8);
    }

    private static <T> T wrongType(JsonParser parser, String field, String expected, Fields fields) throws IOException {
        if (fields.error == null) {
            fields.error = field + " should be " + expected + " but is " + kind(parser.currentToken());
        }
        parser.skipChildren();
        return null;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> token.name().toLowerCase();
        };
    }
}
