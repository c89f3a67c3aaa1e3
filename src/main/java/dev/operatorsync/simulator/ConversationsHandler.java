package dev.operatorsync.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.operatorsync.api.ApiVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Serves every path: records the request, lets the fault plan intercept it, else answers as the API would. */
final class ConversationsHandler implements HttpHandler {
    private static final String ONE_PREFIX = "/conversations/";
    private final OperatorApiSimulator simulator;
    private final Conversations conversations;
    private final ConversationRenderer renderer;
    private final Pager pager;
    private final byte[] expectedAuthorization;
    private final ConversationLookup lookup;

    ConversationsHandler(OperatorApiSimulator simulator, Conversations conversations, ConversationRenderer renderer,
                         Pager pager, String apiKey) {
        this.simulator = simulator;
        this.conversations = conversations;
        this.renderer = renderer;
        this.pager = pager;
        this.expectedAuthorization = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        this.lookup = new ConversationLookup(conversations);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest request = record(exchange);
            long number = simulator.received(request);
            FaultPlan faults = simulator.faults();
            Optional<SimulatedResponse> fault = faults.intercept(request, number);
            send(exchange, fault.orElseGet(() -> faults.alter(request, number, serve(request))));
        }
    }

    private SimulatedResponse serve(RecordedRequest request) {
        try {
            return list(request);
        } catch (ApiError e) {
            return e.response();
        }
    }

    private SimulatedResponse list(RecordedRequest request) {
        String authorization = request.headers().get("Authorization");
        if (authorization == null
                || !MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "Unauthorized", "Invalid API key.", null);
        }
        boolean one = request.path().startsWith(ONE_PREFIX) && request.path().length() > ONE_PREFIX.length();
        if (!one && !request.path().equals("/conversations")) throw new ApiError(404, "NotFound", "No such resource.", null);
        if (!request.method().equals("GET")) {
            throw new ApiError(405, "MethodNotAllowed", "Only GET is allowed on /conversations.", null);
        }
        ApiVersion version = ApiVersion.fromHeader(request.headers().get("Operator-Version")).orElseThrow(() ->
                ApiError.badRequest("UnsupportedVersion", "Operator-Version must be 2024-11-11 or 2025-06-19.", null));
        if (one) return one(request.path().substring(ONE_PREFIX.length()), version);
        ListingQuery query;
        try {
            query = ListingQuery.parse(request, version, conversations.operators());
        } catch (IllegalArgumentException badEncoding) {
            throw ApiError.badRequest("InvalidParameter", "The query string is not properly URL-encoded.", null);
        }
        long now = simulator.clock().now().getEpochSecond();
        Pager.Page page = pager.page(query, now);
        StringBuilder body = new StringBuilder(64 + page.count() * 700).append("{\"data\":[");
        for (int i = 0; i < page.count(); i++) {
            if (i > 0) body.append(',');
            renderer.render(version, page.ranks()[i], now, body);
        }
        body.append("],\"cursor\":");
        if (page.cursor() == null) body.append("null");
        else body.append('"').append(page.cursor()).append('"');
        return SimulatedResponse.json(200, body.append('}').toString());
    }

    /** A conversation never created, or deleted by now (test mode), is 404, as the API answers. */
    private SimulatedResponse one(String id, ApiVersion version) {
        long now = simulator.clock().now().getEpochSecond();
        OptionalInt rank = lookup.rank(id);
        if (rank.isEmpty() || !conversations.listedAt(rank.getAsInt(), now)) {
            throw new ApiError(404, "ConversationNotFound", "No such conversation.", null);
        }
        StringBuilder body = new StringBuilder(1024);
        renderer.renderOne(version, rank.getAsInt(), now, body);
        return SimulatedResponse.json(200, body.toString());
    }

    private static RecordedRequest record(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey(), String.join(",", header.getValue()));
        }
        return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers);
    }

    private static void send(HttpExchange exchange, SimulatedResponse response) throws IOException {
        if (!response.delay().isZero()) {
            try {
                Thread.sleep(response.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (response.status() == 405 && !response.headers().containsKey("Allow")) {
            exchange.getResponseHeaders().set("Allow", "GET");
        }
        if (response.body() == null || response.body().isEmpty() || exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), body.length);
        if (response.dropAfterBytes() >= 0) {
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, Math.min(response.dropAfterBytes(), body.length));
            out.flush();
            // Closing the exchange with fewer bytes than announced makes the server drop the connection.
            return;
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
