package dev.operatorsync.benchmark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.OperatorApiSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * (a) The raw fetch limit: the JDK HttpClient paging {@code GET /conversations} with the sync's headers,
 * following cursors per operator, and Jackson's streaming parser reading every token of every page
 * (string values materialised). Writes nothing.
 */
final class RawFetch {
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI baseUrl;
    private final String apiKey;
    private final ApiVersion version;
    private final int operators;

    RawFetch(URI baseUrl, String apiKey, ApiVersion version, int operators) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.version = version;
        this.operators = operators;
    }

    /** One page body as received, with the operator it was fetched for (null under 2025-06-19). */
    record Body(String operatorId, byte[] bytes) {
    }

    /** {@code parseSeconds} is the part of the wall time spent in the JSON parser; the rest is HTTP (and the server). */
    record Result(long records, long requests, long bytes, Timing timing, double parseSeconds, List<Body> bodies) {
    }

    /** Pages through every conversation; keeps the page bodies when asked (for the raw load). */
    Result run(boolean keepBodies) throws IOException, InterruptedException {
        // Under 2025-06-19 one account-wide listing: a single null owner.
        List<String> owners = version.perOperator() ? OperatorApiSimulator.operatorIds(operators) : Collections.singletonList(null);
        List<Body> bodies = keepBodies ? new ArrayList<>() : null;
        long records = 0;
        long requests = 0;
        long bytes = 0;
        long parseNanos = 0;
        Timing.Stopwatch stopwatch = Timing.start();
        for (String owner : owners) {
            String cursor = null;
            do {
                StringBuilder query = new StringBuilder();
                if (owner != null) {
                    query.append("operator_id=").append(URLEncoder.encode(owner, StandardCharsets.UTF_8));
                }
                if (cursor != null) {
                    query.append(query.length() > 0 ? "&" : "").append("cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                }
                URI uri = URI.create(baseUrl + "/conversations" + (query.length() > 0 ? "?" + query : ""));
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Operator-Version", version.header())
                        .header("User-Agent", "operator-sync-benchmark")
                        .header("Accept", "application/json")
                        .build();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                requests++;
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + uri.getPath() + " for " + owner + " answered " + response.statusCode() + ": "
                            + new String(response.body(), 0, Math.min(300, response.body().length), StandardCharsets.UTF_8));
                }
                byte[] body = response.body();
                bytes += body.length;
                long[] count = new long[1];
                long parseStart = System.nanoTime();
                cursor = parse(body, count);
                parseNanos += System.nanoTime() - parseStart;
                records += count[0];
                if (bodies != null) {
                    bodies.add(new Body(owner, body));
                }
            } while (cursor != null);
        }
        return new Result(records, requests, bytes, stopwatch.stop(), parseNanos / 1e9, bodies);
    }

    /** Reads every token; returns the next cursor (null at the end) and counts the records of data. */
    static String parse(byte[] body, long[] records) throws IOException {
        String cursor = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the page is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    JsonToken token;
                    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                        if (token == JsonToken.START_OBJECT) {
                            records[0]++;
                            readValue(parser);
                        } else {
                            throw new IOException("a record is not a JSON object");
                        }
                    }
                } else if ("cursor".equals(field)) {
                    cursor = value == JsonToken.VALUE_STRING && !parser.getText().isEmpty() ? parser.getText() : null;
                } else {
                    parser.skipChildren();
                }
            }
        }
        return cursor;
    }

    /** Walks the object or array the parser is at, materialising every string and number. */
    private static void readValue(JsonParser parser) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IOException("the page ends inside a record");
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
                default -> {
                    // field names and literals are already decoded
                }
            }
        }
    }
}
