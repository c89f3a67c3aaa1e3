package dev.operatorsync.simulator;

import static dev.operatorsync.api.ApiVersion.V2024_11_11;
import static dev.operatorsync.api.ApiVersion.V2025_06_19;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** GET /conversations/{id}: the listed object (plus the detail fields of 2025-06-19), and 404 once it is deleted. */
class SimulatorOneConversationTest {
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withConversations(1500).withOperators(2);

    @Test
    void a_listed_conversation_is_served_as_listed_and_one_deleted_since_is_not_found() throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS)) {
            Api api = new Api(simulator);
            List<String> listed = simulator.listing(V2024_11_11, "op_2");
            String first = listed.get(0);
            String id = Api.parse(first).get("id").asText();
            HttpResponse<String> one = api.send("GET", "/conversations/" + id, V2024_11_11.header(), Map.of());
            assertEquals(200, one.statusCode());
            assertEquals(first, one.body(), "under 2024-11-11 the object as the list serves it");

            JsonNode detail = Api.parse(api.send("GET", "/conversations/" + id, V2025_06_19.header(), Map.of()).body());
            assertTrue(detail.has("channel") && detail.has("override_config") && detail.has("summary"));
            ObjectNode listedFields = (ObjectNode) detail.deepCopy();
            listedFields.remove(List.of("channel", "override_config", "summary"));
            JsonNode asListed = Api.parseAll(simulator.listing(V2025_06_19, null)).stream()
                    .filter(c -> c.get("id").asText().equals(id)).findFirst().orElseThrow();
            assertEquals(asListed, listedFields, "2025-06-19 adds channel, override_config and summary to the listed object");

            Set<String> before = ids(simulator);
            simulator.clock().advance(Duration.ofDays(31));
            Set<String> gone = before.stream().filter(i -> !ids(simulator).contains(i)).collect(Collectors.toSet());
            assertFalse(gone.isEmpty(), "the simulator deleted some test-mode conversations");
            for (String deleted : gone) {
                HttpResponse<String> answer = api.send("GET", "/conversations/" + deleted, V2025_06_19.header(), Map.of());
                assertEquals(404, answer.statusCode());
                assertEquals("ConversationNotFound", Api.parse(answer.body()).get("code").asText());
            }
            assertEquals(404, api.send("GET", "/conversations/conv_00000000000", V2024_11_11.header(), Map.of()).statusCode());
            assertEquals(404, api.send("GET", "/conversations/nonsense", V2024_11_11.header(), Map.of()).statusCode());
            assertEquals(401, new Api(simulator, "op_test_wrong").send("GET", "/conversations/" + id, V2024_11_11.header(), Map.of())
                    .statusCode());
        }
    }

    private static Set<String> ids(OperatorApiSimulator simulator) {
        return Api.parseAll(simulator.listing(V2025_06_19, null)).stream().map(c -> c.get("id").asText()).collect(Collectors.toSet());
    }
}
