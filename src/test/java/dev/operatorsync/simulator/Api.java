package dev.operatorsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.api.ApiVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A minimal client of the simulator for tests. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final OperatorApiSimulator simulator;
    private final String key;

    Api(OperatorApiSimulator simulator, String key) {
        this.simulator = simulator;
        this.key = key;
    }

    Api(OperatorApiSimulator simulator) {
        this(simulator, SimulatorOptions.defaults().apiKey());
    }

    HttpResponse<String> get(ApiVersion version, Map<String, String> params) {
        return send("GET", "/conversations", version == null ? null : version.header(), params);
    }

    HttpResponse<String> send(String method, String path, String versionHeader, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path
                        + (query.isEmpty() ? "" : "?" + query)))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "operator-sync-test");
        if (key != null) request.header("Authorization", "Bearer " + key);
        if (versionHeader != null) request.header("Operator-Version", versionHeader);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every page of a listing, following cursors and repeating the filters, as parsed bodies. */
    List<JsonNode> pages(ApiVersion version, Map<String, String> filters) {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> params = new LinkedHashMap<>(filters);
            if (cursor != null) params.put("cursor", cursor);
            JsonNode page = ok(get(version, params));
            pages.add(page);
            cursor = page.get("cursor").isNull() ? null : page.get("cursor").asText();
        } while (cursor != null);
        return pages;
    }

    /** The objects of every page, in the order served. */
    List<JsonNode> all(ApiVersion version, Map<String, String> filters) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode page : pages(version, filters)) page.get("data").forEach(all::add);
        return all;
    }

    static JsonNode ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> parseAll(List<String> objects) {
        return objects.stream().map(Api::parse).collect(Collectors.toList());
    }
}
