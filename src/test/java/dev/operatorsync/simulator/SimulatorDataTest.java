package dev.operatorsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operatorsync.api.ApiVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.operatorsync.api.ApiVersion.V2024_11_11;
import static dev.operatorsync.api.ApiVersion.V2025_06_19;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorDataTest {
    private static final Instant START = Instant.parse("2025-07-01T12:00:00Z");
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withStart(START);
    private static final List<String> FIELDS_2024_11_11 = List.of("id", "livemode", "created_at", "started_at",
            "completed_at", "direction", "phone_no", "status", "transferred", "postprocessed", "postprocessed_at",
            "duration_sec", "sentiment", "zendesk_ticket_id", "scenarios", "custom_fields");
    private static final List<String> FIELDS_2025_06_19 = List.of("id", "agent_id", "customer_id", "channel_type",
            "livemode", "created_at", "started_at", "completed_at", "direction", "status", "failure_reason",
            "custom_fields", "duration_sec", "sentiment");
    private static final Set<String> FINAL = Set.of("completed", "voicemail", "failed", "busy", "no-answer");

    @Test
    void aConversationMovesThroughItsLifecycleAsTheClockAdvances() throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS.withArrivalsPerMinute(20))) {
            simulator.clock().advance(Duration.ofMinutes(2));
            JsonNode ongoing = Api.parseAll(simulator.listing(V2024_11_11, "op_1")).stream()
                    .filter(c -> !FINAL.contains(c.get("status").asText())).findFirst().orElseThrow();
            assertTrue(ongoing.get("completed_at").isNull());
            assertTrue(ongoing.get("duration_sec").isNull());

            JsonNode ended = ongoing;
            while (!FINAL.contains(ended.get("status").asText())) {
                simulator.clock().advance(Duration.ofSeconds(30));
                ended = find(simulator, ongoing.get("id").asText());
            }
            assertFalse(ended.get("completed_at").isNull());
            assertTrue(ended.get("duration_sec").isInt());
            assertFalse(ended.get("postprocessed").asBoolean());
            assertTrue(ended.get("sentiment").isNull());
            assertEquals(0, ended.get("custom_fields").size());

            simulator.clock().advance(Duration.ofMinutes(31));
            JsonNode postprocessed = find(simulator, ongoing.get("id").asText());
            assertTrue(postprocessed.get("postprocessed").asBoolean());
            assertTrue(postprocessed.get("sentiment").isTextual());
            assertTrue(postprocessed.get("custom_fields").size() > 0);
            assertTrue(postprocessed.get("postprocessed_at").asText().compareTo(postprocessed.get("completed_at").asText()) > 0);
        }
    }

    @Test
    void theHistoryIsCreatedBeforeStartAndMostlySettled() throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS)) {
            List<JsonNode> all = Api.parseAll(simulator.listing(V2025_06_19, null));
            long unsettled = all.stream().filter(c -> c.get("sentiment").isNull()).count();

            assertTrue(all.size() > 950 && all.size() <= 1000, "about 1000 minus test-mode deletions: " + all.size());
            assertTrue(all.stream().allMatch(c -> c.get("created_at").asText().compareTo(START.toString()) <= 0));
            assertTrue(unsettled <= 20, "only a handful still under way: " + unsettled);
            simulator.clock().advance(Duration.ofDays(1));
            assertTrue(simulator.listing(V2025_06_19, null).size() <= all.size(), "no arrivals unless asked for");
        }
    }

    @Test
    void someSecondHoldsFiveConversationsOfOneOperator() throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS)) {
            int largest = 0;
            for (String operator : List.of("op_1", "op_2", "op_3")) {
                Map<String, Integer> perSecond = new HashMap<>();
                Api.parseAll(simulator.listing(V2024_11_11, operator))
                        .forEach(c -> perSecond.merge(c.get("created_at").asText(), 1, Integer::sum));
                largest = Math.max(largest, perSecond.values().stream().max(Integer::compare).orElse(0));
            }
            assertTrue(largest >= 5, "largest burst " + largest);
        }
    }

    @Test
    void objectsCarryExactlyTheDocumentedFieldsOfTheirVersion() throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS)) {
            for (JsonNode c : Api.parseAll(simulator.listing(V2024_11_11, "op_2"))) {
                assertEquals(FIELDS_2024_11_11, fieldNames(c));
                assertTrue(c.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
                assertTrue(c.get("scenarios").isArray());
            }
            for (JsonNode c : Api.parseAll(simulator.listing(V2025_06_19, null))) {
                assertEquals(FIELDS_2025_06_19, fieldNames(c));
                assertTrue(c.get("agent_id").asText().matches("ca_[0-9A-Za-z]{11}@v0"));
                assertEquals(c.get("status").asText().equals("failed"), !c.get("failure_reason").isNull());
            }
        }
    }

    @Test
    void unknownFieldsAddAnUndocumentedObject() throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS.withUnknownFields(true))) {
            for (ApiVersion version : ApiVersion.values()) {
                JsonNode c = Api.parse(simulator.listing(version, "op_1").get(0));

                assertTrue(c.get("x_experimental").get("flag").asBoolean());
                assertTrue(c.get("x_experimental").get("note").isTextual());
            }
        }
    }

    @Test
    void deletedTestModeConversationsStopBeingListed() throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS)) {
            Map<String, JsonNode> before = Api.parseAll(simulator.listing(V2025_06_19, null)).stream()
                    .collect(Collectors.toMap(c -> c.get("id").asText(), c -> c));
            simulator.clock().advance(Duration.ofDays(31));
            Set<String> after = Api.parseAll(simulator.listing(V2025_06_19, null)).stream()
                    .map(c -> c.get("id").asText()).collect(Collectors.toSet());

            List<JsonNode> gone = new ArrayList<>();
            before.forEach((id, c) -> {
                if (!after.contains(id)) gone.add(c);
            });
            assertFalse(gone.isEmpty());
            assertTrue(gone.stream().noneMatch(c -> c.get("livemode").asBoolean()));
        }
    }

    private static JsonNode find(OperatorApiSimulator simulator, String id) {
        return Api.parseAll(simulator.listing(V2024_11_11, "op_1")).stream()
                .filter(c -> c.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
