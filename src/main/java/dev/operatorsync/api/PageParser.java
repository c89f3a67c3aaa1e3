package dev.operatorsync.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.warehouse.ConversationRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Parses a {@code GET /conversations} page in one streaming pass. Each record's {@code _raw} is the exact
 * slice of the response bytes that held it, so what is stored is what the API sent, unknown fields and all.
 */
public final class PageParser {
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private final ConversationMapper mapper;

    public PageParser(ApiVersion version) {
        this.mapper = new ConversationMapper(version);
    }

    public Page parse(byte[] body, String operatorId, Instant observedAt) {
        if (body == null || body.length == 0) {
            throw new MalformedPageException("the response body is empty");
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedPageException("the response body is not a JSON object");
            }
            List<ConversationRow> rows = null;
            List<RejectedRecord> rejected = new ArrayList<>();
            String cursor = null;
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new MalformedPageException("the page's data is not an array");
                    }
                    rows = new ArrayList<>();
                    readRecords(parser, body, operatorId, observedAt, sha256, rows, rejected);
                } else if ("cursor".equals(field)) {
                    if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                        throw new MalformedPageException("the page's cursor is neither a string nor null");
                    }
                    cursor = value == JsonToken.VALUE_STRING && !parser.getText().isEmpty() ? parser.getText() : null;
                } else {
                    parser.skipChildren();
                }
            }
            if (rows == null) {
                throw new MalformedPageException("the page has no data array");
            }
            return new Page(rows, rejected, cursor);
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("the response body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedPageException("the response body cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private void readRecords(JsonParser parser, byte[] body, String operatorId, Instant observedAt, MessageDigest sha256,
                             List<ConversationRow> rows, List<RejectedRecord> rejected) throws IOException {
        ConversationMapper.Fields fields = new ConversationMapper.Fields();
        HexFormat hex = HexFormat.of();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new MalformedPageException("the response body ends inside the data array");
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                int end = token.isStructStart() ? (int) parser.currentTokenLocation().getByteOffset() + 1
                        : (int) parser.currentLocation().getByteOffset();
                rejected.add(new RejectedRecord(null, "the record is not a JSON object", new String(body, start, end - start,
                        StandardCharsets.UTF_8)));
                continue;
            }
            mapper.read(parser, body, fields);
            int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
            String raw = new String(body, start, end - start, StandardCharsets.UTF_8);
            try {
                sha256.update(body, start, end - start);
                rows.add(mapper.row(fields, operatorId, raw, hex.formatHex(sha256.digest()), observedAt));
            } catch (RecordMappingException e) {
                rejected.add(new RejectedRecord(e.conversationId(), e.getMessage(), raw));
            }
        }
    }
}
