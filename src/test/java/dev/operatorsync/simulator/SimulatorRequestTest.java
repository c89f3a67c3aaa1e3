package dev.operatorsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.operatorsync.api.ApiVersion.V2024_11_11;
import static dev.operatorsync.api.ApiVersion.V2025_06_19;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorRequestTest {
    private static OperatorApiSimulator simulator;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        simulator = OperatorApiSimulator.start(SimulatorOptions.defaults().withStart(Instant.parse("2025-07-01T12:00:00Z")));
        api = new Api(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void wrongKeyIsUnauthorizedAndNeverEchoed() {
        HttpResponse<String> response = new Api(simulator, "op_prod_s3cr3tValue").get(V2024_11_11, Map.of("operator_id", "op_1"));

        assertEquals(401, response.statusCode());
        assertEquals("{\"code\":\"Unauthorized\",\"transient\":false,\"message\":\"Invalid API key.\",\"data\":{}}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertFalse(response.headers().map().toString().contains("s3cr3tValue"));
    }

    @Test
    void missingKeyIsUnauthorized() {
        HttpResponse<String> response = new Api(simulator, null).get(V2025_06_19, Map.of());

        assertEquals(401, response.statusCode());
        assertEquals("Unauthorized", Api.parse(response.body()).get("code").asText());
    }

    @Test
    void unknownOrMissingVersionIsRejected() {
        for (String version : new String[] {"2023-01-01", null}) {
            HttpResponse<String> response = api.send("GET", "/conversations", version, Map.of("operator_id", "op_1"));

            assertEquals(400, response.statusCode());
            assertError(response, "UnsupportedVersion");
        }
    }

    @Test
    void operatorIdIsRequiredUnder20241111() {
        HttpResponse<String> response = api.get(V2024_11_11, Map.of());

        assertEquals(400, response.statusCode());
        JsonNode error = assertError(response, "MissingParameter");
        assertTrue(error.get("message").asText().contains("operator_id"));
    }

    @Test
    void unknownOperatorIsNotFound() {
        for (String id : new String[] {"op_4", "op_0", "op_01", "nobody"}) {
            HttpResponse<String> response = api.get(V2024_11_11, Map.of("operator_id", id));

            assertEquals(404, response.statusCode(), id);
            assertError(response, "OperatorNotFound");
        }
    }

    @Test
    void ownerAndPostprocessedFiltersAreRejectedUnder20250619() {
        for (String name : new String[] {"operator_id", "postprocessed_at_gte", "postprocessed_at_lt"}) {
            String value = name.equals("operator_id") ? "op_1" : "2025-06-01T00:00:00Z";
            HttpResponse<String> response = api.get(V2025_06_19, Map.of(name, value));

            assertEquals(400, response.statusCode(), name);
            assertTrue(assertError(response, "InvalidParameter").get("message").asText().contains(name));
        }
    }

    @Test
    void malformedTimestampIsAnInvalidParameter() {
        HttpResponse<String> response = api.get(V2024_11_11, Map.of("operator_id", "op_1", "created_at_gte", "yesterday"));

        assertEquals(400, response.statusCode());
        assertError(response, "InvalidParameter");
    }

    @Test
    void otherPathsAreNotFoundAndOtherMethodsNotAllowed() {
        HttpResponse<String> notFound = api.send("GET", "/agents", V2025_06_19.header(), Map.of());
        HttpResponse<String> notAllowed = api.send("POST", "/conversations", V2025_06_19.header(), Map.of());

        assertEquals(404, notFound.statusCode());
        assertError(notFound, "NotFound");
        assertEquals(405, notAllowed.statusCode());
        assertError(notAllowed, "MethodNotAllowed");
    }

    @Test
    void faultPlanAnswersFirstAndEveryRequestIsCountedAndRecorded() {
        long before = simulator.requestCount();
        simulator.setFaults((request, number) -> number == before + 2 && "op_2".equals(request.queryParam("operator_id"))
                ? Optional.of(new SimulatedResponse(503, Map.of("Retry-After", "1"), null))
                : Optional.empty());
        try {
            assertEquals(401, new Api(simulator, "wrong").get(V2024_11_11, Map.of("operator_id", "op_2")).statusCode());
            HttpResponse<String> faulted = api.get(V2024_11_11, Map.of("operator_id", "op_2"));
            assertEquals(200, api.get(V2024_11_11, Map.of("operator_id", "op_2")).statusCode());

            assertEquals(503, faulted.statusCode());
            assertEquals("1", faulted.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(before + 3, simulator.requestCount());
            RecordedRequest last = simulator.requests().get(simulator.requests().size() - 1);
            assertEquals("GET", last.method());
            assertEquals("/conversations", last.path());
            assertEquals("operator_id=op_2", last.query());
            assertEquals(V2024_11_11.header(), last.headers().get("operator-version"));
            assertEquals("Bearer op_test_simulator", last.headers().get("authorization"));
            assertFalse(last.toString().contains("op_test_simulator"), "printing a request hides the key");
        } finally {
            simulator.setFaults(FaultPlan.NONE);
        }
    }

    private static JsonNode assertError(HttpResponse<String> response, String code) {
        JsonNode error = Api.parse(response.body());
        assertEquals(code, error.get("code").asText(), response.body());
        assertFalse(error.get("transient").asBoolean());
        assertTrue(error.get("message").isTextual());
        assertTrue(error.get("data").isObject());
        return error;
    }
}
