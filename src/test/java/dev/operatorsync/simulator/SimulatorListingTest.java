package dev.operatorsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operatorsync.api.ApiVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.operatorsync.api.ApiVersion.V2024_11_11;
import static dev.operatorsync.api.ApiVersion.V2025_06_19;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorListingTest {
    private static final Instant START = Instant.parse("2025-07-01T12:00:00Z");
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withStart(START).withPageSize(40);
    private static OperatorApiSimulator simulator;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        simulator = OperatorApiSimulator.start(OPTIONS);
        api = new Api(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void pagingThroughCursorsReturnsExactlyTheListingInOrder() {
        assertPagesMatchListing(V2024_11_11, "op_1", Map.of("operator_id", "op_1"));
        assertPagesMatchListing(V2025_06_19, null, Map.of());
    }

    @Test
    void createdAtFilterIsHalfOpen() {
        List<JsonNode> listing = Api.parseAll(simulator.listing(V2024_11_11, "op_2"));
        String second = listing.get(listing.size() / 2).get("created_at").asText();
        String next = Instant.parse(second).plusSeconds(1).toString();
        List<String> expected = ids(listing.stream().filter(c -> c.get("created_at").asText().equals(second)));

        assertEquals(expected, ids(api.all(V2024_11_11, Map.of("operator_id", "op_2", "created_at_gte", second, "created_at_lt", next))));
        assertEquals(List.of(), ids(api.all(V2024_11_11, Map.of("operator_id", "op_2", "created_at_gte", next, "created_at_lt", next))));
        List<String> before = ids(api.all(V2024_11_11, Map.of("operator_id", "op_2", "created_at_lt", second)));
        assertFalse(before.stream().anyMatch(expected::contains));
        assertEquals(listing.size() - expected.size(),
                before.size() + api.all(V2024_11_11, Map.of("operator_id", "op_2", "created_at_gte", next)).size());
    }

    @Test
    void completedAndPostprocessedFiltersAreHalfOpen() {
        List<JsonNode> listing = Api.parseAll(simulator.listing(V2024_11_11, "op_3"));
        for (String field : new String[] {"completed_at", "postprocessed_at"}) {
            String from = listing.get(listing.size() / 3).get(field).asText();
            String to = listing.get(listing.size() / 3 - 10).get(field).asText();
            List<String> expected = ids(listing.stream().filter(c -> !c.get(field).isNull()
                    && c.get(field).asText().compareTo(from) >= 0 && c.get(field).asText().compareTo(to) < 0));

            List<String> served = ids(api.all(V2024_11_11, Map.of("operator_id", "op_3", field + "_gte", from, field + "_lt", to)));

            assertEquals(expected, served, field);
            assertFalse(served.isEmpty(), field);
        }
    }

    @Test
    void aCursorStaysValidAfterTheClockAdvancesAndNewConversationsArrive() throws Exception {
        try (OperatorApiSimulator arriving = OperatorApiSimulator.start(OPTIONS.withArrivalsPerMinute(30))) {
            Api client = new Api(arriving);
            List<String> before = ids(Api.parseAll(arriving.listing(V2025_06_19, null)));
            JsonNode first = Api.ok(client.get(V2025_06_19, Map.of()));
            List<String> served = ids(first.get("data"));

            arriving.clock().advance(Duration.ofMinutes(10));
            List<String> after = ids(Api.parseAll(arriving.listing(V2025_06_19, null)));
            String cursor = first.get("cursor").asText();
            while (cursor != null) {
                JsonNode page = Api.ok(client.get(V2025_06_19, Map.of("cursor", cursor)));
                served.addAll(ids(page.get("data")));
                cursor = page.get("cursor").isNull() ? null : page.get("cursor").asText();
            }

            assertTrue(after.size() > before.size() + 100, "conversations arrived");
            Set<String> stillListed = new HashSet<>(after);
            List<String> expected = new ArrayList<>(served.subList(0, first.get("data").size()));
            before.stream().skip(expected.size()).filter(stillListed::contains).forEach(expected::add);
            assertEquals(expected, served);
        }
    }

    @Test
    void filtersMustBeRepeatedWithTheCursor() {
        Map<String, String> filters = Map.of("operator_id", "op_1", "created_at_gte", "2025-06-10T00:00:00Z");
        String cursor = Api.ok(api.get(V2024_11_11, filters)).get("cursor").asText();

        assertInvalidCursor(api.get(V2024_11_11, Map.of("operator_id", "op_1", "cursor", cursor)));
        assertInvalidCursor(api.get(V2024_11_11, Map.of("operator_id", "op_2", "created_at_gte", "2025-06-10T00:00:00Z", "cursor", cursor)));
        assertInvalidCursor(api.get(V2025_06_19, Map.of("created_at_gte", "2025-06-10T00:00:00Z", "cursor", cursor)));
        Map<String, String> repeated = new LinkedHashMap<>(filters);
        repeated.put("cursor", cursor);
        assertEquals(200, api.get(V2024_11_11, repeated).statusCode());
    }

    @Test
    void aCursorThisApiDidNotIssueIsInvalid() {
        String cursor = Api.ok(api.get(V2025_06_19, Map.of())).get("cursor").asText();
        String tampered = (cursor.charAt(3) == 'A' ? "B" : "A");
        tampered = cursor.substring(0, 3) + tampered + cursor.substring(4);

        for (String garbage : new String[] {"garbage", "!!!", tampered, cursor + "AAAA"}) {
            assertInvalidCursor(api.get(V2025_06_19, Map.of("cursor", garbage)));
        }
    }

    @Test
    void pageSizesVaryBetweenHalfAndTheMaximum() {
        List<Integer> sizes = api.pages(V2025_06_19, Map.of()).stream().map(p -> p.get("data").size()).collect(Collectors.toList());

        assertTrue(sizes.subList(0, sizes.size() - 1).stream().allMatch(n -> n >= 20 && n <= 40), sizes.toString());
        assertTrue(new HashSet<>(sizes).size() > 3, sizes.toString());
    }

    @Test
    void theSameSeedServesIdenticalBytes() throws Exception {
        try (OperatorApiSimulator twin = OperatorApiSimulator.start(OPTIONS);
             OperatorApiSimulator other = OperatorApiSimulator.start(OPTIONS.withSeed(7))) {
            for (ApiVersion version : ApiVersion.values()) {
                Map<String, String> params = version.perOperator() ? Map.of("operator_id", "op_1") : Map.of();
                String body = api.get(version, params).body();

                assertEquals(body, new Api(twin).get(version, params).body());
                assertNotEquals(body, new Api(other).get(version, params).body());
            }
            assertEquals(simulator.listing(V2024_11_11, "op_3"), twin.listing(V2024_11_11, "op_3"));
        }
    }

    private static void assertPagesMatchListing(ApiVersion version, String operator, Map<String, String> params) {
        List<JsonNode> served = api.all(version, params);
        List<JsonNode> listing = Api.parseAll(simulator.listing(version, operator));

        assertEquals(listing, served);
        assertEquals(served.size(), new HashSet<>(ids(served)).size(), "no duplicates");
        TreeMap<String, Integer> perSecond = new TreeMap<>();
        for (int i = 1; i < served.size(); i++) {
            String newer = served.get(i - 1).get("created_at").asText();
            String older = served.get(i).get("created_at").asText();
            assertTrue(newer.compareTo(older) > 0 || (newer.equals(older)
                    && served.get(i - 1).get("id").asText().compareTo(served.get(i).get("id").asText()) > 0));
            perSecond.merge(older, 1, Integer::sum);
        }
        assertTrue(perSecond.values().stream().anyMatch(n -> n > 1), "ties on created_at are paged through");
    }

    private static void assertInvalidCursor(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = Api.parse(response.body());
        assertEquals("InvalidCursor", error.get("code").asText());
        assertFalse(error.get("transient").asBoolean());
    }

    private static List<String> ids(Iterable<JsonNode> conversations) {
        List<String> ids = new ArrayList<>();
        conversations.forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    private static List<String> ids(java.util.stream.Stream<JsonNode> conversations) {
        return conversations.map(c -> c.get("id").asText()).collect(Collectors.toList());
    }
}
