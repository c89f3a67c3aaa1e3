package dev.operatorsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operatorsync.api.ApiVersion;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With Nagle's algorithm on, the JDK HttpServer's response leaves in pieces and each page waits for the client's
 * delayed ACK (about 40 ms on Linux); every test, the demo and the benchmark paid that on every page.
 */
class SimulatorLatencyTest {
    /** A stalled page takes at least the delayed-ACK timeout (40 ms); an unstalled one a few ms, even on a busy machine. */
    private static final double MEDIAN_PAGE_MS_BOUND = 20;

    @Test
    void theServerIsCreatedWithNagleOff() throws Exception {
        try (OperatorApiSimulator ignored = OperatorApiSimulator.start(SimulatorOptions.defaults())) {
            assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
        }
    }

    @Test
    void aKeepAliveClientPagesAtTheDefaultPageSizeWithoutDelayedAckStalls() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withConversations(4000)
                .withStart(Instant.parse("2025-07-01T12:00:00Z"));
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            walk(simulator, client, options.apiKey());
            List<Double> millis = walk(simulator, client, options.apiKey());

            Collections.sort(millis);
            double median = millis.get(millis.size() / 2);
            assertTrue(millis.size() >= 40, "pages: " + millis.size());
            assertTrue(median < MEDIAN_PAGE_MS_BOUND, "median ms per page " + median + " over " + millis.size() + " pages");
        }
    }

    /** Every page of the account's listing over one connection; the milliseconds each page took. */
    private static List<Double> walk(OperatorApiSimulator simulator, HttpClient client, String key) throws Exception {
        List<Double> millis = new ArrayList<>();
        String cursor = null;
        do {
            String query = cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/conversations" + query))
                    .header("Authorization", "Bearer " + key)
                    .header("Operator-Version", ApiVersion.V2025_06_19.header())
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            millis.add((System.nanoTime() - start) / 1e6);
            JsonNode page = Api.ok(response);
            cursor = page.get("cursor").isNull() ? null : page.get("cursor").asText();
        } while (cursor != null);
        return millis;
    }
}
