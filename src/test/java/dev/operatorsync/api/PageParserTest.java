package dev.operatorsync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.warehouse.ConversationRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PageParserTest {
    private static final Instant OBSERVED = Instant.parse("2025-01-01T00:00:00.123456Z");
    private static final String V1_RECORD = "{\"id\":\"conv_1\",\"livemode\":true,\"created_at\":\"2023-11-07T05:31:56Z\","
            + "\"started_at\":\"2023-11-07T05:32:00Z\",\"completed_at\":\"2023-11-07T05:40:00Z\",\"direction\":\"inbound\","
            + "\"phone_no\":\"+15550100\",\"status\":\"completed\",\"transferred\":false,\"postprocessed\":true,"
            + "\"postprocessed_at\":\"2023-11-07T05:45:00Z\",\"duration_sec\":480,\"sentiment\":\"positive\","
            + "\"zendesk_ticket_id\":12345,\"scenarios\":[\"billing\"],\"custom_fields\":{\"csat\":5},"
            + "\"x_experimental\":{\"flag\":true}}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void maps_every_field_of_2024_11_11_and_keeps_the_exact_bytes() throws Exception {
        String body = "{\"data\": [ " + V1_RECORD + " ], \"cursor\": \"abc\"}";
        Page page = new PageParser(ApiVersion.V2024_11_11).parse(bytes(body), "op_1", OBSERVED);
        assertEquals("abc", page.nextCursor());
        ConversationRow row = page.rows().get(0);
        assertEquals("conv_1", row.id());
        assertEquals("op_1", row.operatorId());
        assertNull(row.agentId());
        assertEquals(Boolean.TRUE, row.livemode());
        assertEquals(Instant.parse("2023-11-07T05:31:56Z"), row.createdAt());
        assertEquals(Instant.parse("2023-11-07T05:45:00Z"), row.postprocessedAt());
        assertEquals(480.0, row.durationSec());
        assertEquals("12345", row.zendeskTicketId());
        assertEquals("[\"billing\"]", row.scenariosJson());
        assertEquals("{\"csat\":5}", row.customFieldsJson());
        assertEquals(V1_RECORD, row.rawJson(), "the unknown field stays in _raw, byte for byte");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(V1_RECORD))), row.payloadHash());
        assertEquals("2024-11-11", row.apiVersion());
        assertEquals(OBSERVED, row.observedAt());
    }

    @Test
    void maps_2025_06_19_without_an_operator() {
        String record = "{\"id\":\"conv_2\",\"agent_id\":\"ca_8qm9JBCiTe7@v0\",\"customer_id\":\"cus_1\",\"channel_type\":\"phone\","
                + "\"livemode\":false,\"created_at\":\"2025-06-20T10:00:00Z\",\"started_at\":null,\"completed_at\":null,"
                + "\"direction\":\"outbound\",\"status\":\"queued\",\"failure_reason\":null,\"custom_fields\":{},"
                + "\"duration_sec\":null,\"sentiment\":null}";
        Page page = new PageParser(ApiVersion.V2025_06_19).parse(bytes("{\"cursor\":null,\"data\":[" + record + "]}"), null, OBSERVED);
        ConversationRow row = page.rows().get(0);
        assertNull(page.nextCursor());
        assertNull(row.operatorId());
        assertEquals("ca_8qm9JBCiTe7@v0", row.agentId());
        assertEquals("queued", row.status());
        assertNull(row.completedAt());
        assertEquals(record, row.rawJson());
    }

    @Test
    void a_record_that_does_not_map_is_set_aside_and_the_rest_of_the_page_parses() {
        String body = "{\"data\":[{\"id\":\"a\",\"created_at\":\"2023-11-07T05:31:56Z\"},"
                + "{\"id\":\"b\",\"created_at\":\"last tuesday\"},"
                + "{\"created_at\":\"2023-11-07T05:31:56Z\"},"
                + "{\"id\":\"d\",\"created_at\":\"2023-11-07T05:31:56Z\",\"livemode\":\"yes\"}],\"cursor\":null}";
        Page page = new PageParser(ApiVersion.V2024_11_11).parse(bytes(body), "op_1", OBSERVED);
        assertEquals(1, page.rows().size());
        assertEquals(3, page.rejected().size());
        assertEquals("b", page.rejected().get(0).conversationId());
        assertTrue(page.rejected().get(0).reason().contains("created_at"));
        assertNull(page.rejected().get(1).conversationId());
        assertTrue(page.rejected().get(2).reason().contains("livemode"));
        assertEquals("{\"id\":\"b\",\"created_at\":\"last tuesday\"}", page.rejected().get(0).rawJson());
        assertEquals(4, page.fetched());
    }

    @Test
    void json_fields_keep_their_exact_bytes_and_a_field_of_the_wrong_shape_names_itself() {
        String spaced = "{\"id\":\"a\",\"created_at\":\"2023-11-07T05:31:56Z\",\"scenarios\": [ \"x\" , {\"k\": [1, 2]} ],"
                + "\"custom_fields\": {\"caf\u00e9\": \"\\u2603\", \"n\": null}}";
        String body = "{\"data\":[" + spaced + ","
                + "{\"id\":\"b\",\"created_at\":\"2023-11-07T05:31:56Z\",\"scenarios\":{\"not\":\"a list\"}},"
                + "{\"custom_fields\":[1],\"id\":\"c\",\"created_at\":\"2023-11-07T05:31:56Z\"},"
                + "[1, 2], 42,"
                + "{\"id\":7,\"created_at\":\"2023-11-07T05:31:56Z\"},"
                + "{\"id\":\"e\",\"created_at\":\"2023-11-07T05:31:56Z\",\"zendesk_ticket_id\":\"ZD-1\",\"duration_sec\":\"long\"}"
                + "],\"cursor\":\"next\"}";
        Page page = new PageParser(ApiVersion.V2024_11_11).parse(bytes(body), "op_1", OBSERVED);

        assertEquals(1, page.rows().size());
        ConversationRow row = page.rows().get(0);
        assertEquals("[ \"x\" , {\"k\": [1, 2]} ]", row.scenariosJson());
        assertEquals("{\"caf\u00e9\": \"\\u2603\", \"n\": null}", row.customFieldsJson());
        assertEquals(spaced, row.rawJson());
        assertEquals("next", page.nextCursor());

        assertEquals(6, page.rejected().size());
        assertEquals("b", page.rejected().get(0).conversationId());
        assertEquals("scenarios should be an array but is object", page.rejected().get(0).reason());
        assertEquals("c", page.rejected().get(1).conversationId(), "the id after the bad field still names the record");
        assertEquals("custom_fields should be an object but is array", page.rejected().get(1).reason());
        assertEquals("[1, 2]", page.rejected().get(2).rawJson());
        assertEquals("the record is not a JSON object", page.rejected().get(2).reason());
        assertEquals("42", page.rejected().get(3).rawJson());
        assertEquals("the record has no id", page.rejected().get(4).reason());
        assertEquals("e", page.rejected().get(5).conversationId());
        assertEquals("duration_sec should be a number but is string", page.rejected().get(5).reason());
    }

    @Test
    void a_body_that_is_not_a_page_is_malformed() {
        PageParser parser = new PageParser(ApiVersion.V2024_11_11);
        assertThrows(MalformedPageException.class, () -> parser.parse(bytes("<html>502</html>"), "op_1", OBSERVED));
        assertThrows(MalformedPageException.class, () -> parser.parse(bytes("{\"cursor\":null}"), "op_1", OBSERVED));
        assertThrows(MalformedPageException.class, () -> parser.parse(bytes("{\"data\":{}}"), "op_1", OBSERVED));
        assertThrows(MalformedPageException.class, () -> parser.parse(bytes("{\"data\":[{\"id\":\"a\""), "op_1", OBSERVED));
        assertThrows(MalformedPageException.class, () -> parser.parse(new byte[0], "op_1", OBSERVED));
    }
}
