package dev.operatorsync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.api.WebhookSignature;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Redactor;
import dev.operatorsync.config.Settings;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The receiver of `run` on its own port beside the admin API, against the simulator: what it answers to each kind of
 * request, and what its worker then writes (or does not).
 */
class WebhookReceiverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_receiver_test";
    private static final String ADMIN_TOKEN = "admin-token-for-the-test";
    private static final SimulatorOptions HISTORY = SimulatorOptions.defaults().withPort(0).withConversations(200)
            .withOperators(3).withStart(Instant.parse("2026-03-01T00:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private String url;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void answers_each_case_and_fetches_what_it_accepted(Dialect dialect) throws Exception {
        int webhookPort = freePort();
        int adminPort = freePort();
        url = "http://127.0.0.1:" + webhookPort + WebhookSettings.PATH;
        try (TestWarehouse warehouse = TestWarehouse.open(dialect);
             OperatorApiSimulator simulator = OperatorApiSimulator.start(HISTORY)) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("operator.api.base-url", simulator.baseUrl().toString());
            overrides.put("operator.api.key", HISTORY.apiKey());
            overrides.put("operator.api.version", ApiVersion.V2024_11_11.header());
            overrides.put("operator.api.operator-ids", "op_1,op_2");
            overrides.put("warehouse.jdbc-url", warehouse.jdbcUrl());
            overrides.put("warehouse.schema", warehouse.schema());
            if (dialect == Dialect.POSTGRESQL) {
                overrides.put("warehouse.username", TestDatabases.postgres().username());
                overrides.put("warehouse.password", TestDatabases.postgres().password());
            }
            overrides.put("sync.schedule", "0 0 0 1 1 ? 2099");
            overrides.put("admin.http.port", Integer.toString(adminPort));
            overrides.put("admin.token", ADMIN_TOKEN);
            overrides.put("webhook.port", Integer.toString(webhookPort));
            overrides.put("webhook.host", "127.0.0.1");
            overrides.put("operator.webhook.secret", SECRET);
            // Long enough that five posts in a row on a loaded machine land within one moment.
            overrides.put("webhook.coalesce", "PT1S");
            ConfigSource source = ConfigSource.load(Path.of("config", "application.properties"), Map.of(), overrides);
            WebhookSettings webhooks = WebhookSettings.from(source).orElseThrow();
            assertEquals("x " + Redactor.MASK, Redactor.redact("x " + SECRET), "the secret is masked in every log line");
            assertEquals(url, webhooks.publicUrl());
            assertFalse(source.nonSecretValues().containsKey("operator.webhook.secret"), "the secret is never handed to Camel");
            String op1 = conversationOf(simulator, "op_1");
            String op2 = conversationOf(simulator, "op_2");
            String op3 = conversationOf(simulator, "op_3");
            try (SyncEngine engine = SyncEngine.create(Settings.from(source), source.nonSecretValues(), Path.of("routes"),
                    Clock.systemUTC(), warehouse.warehouse(), true, AdminSettings.from(source)).serveWebhooks(webhooks).start()) {
                byte[] setup = envelope("conversation.setup", op1, "op_1");

                assertEquals(401, send(setup, null, null, null).statusCode(), "no signature headers");
                HttpResponse<String> wrong = send(setup, "k-wrong", Long.toString(Instant.now().getEpochSecond()), "0".repeat(64));
                assertEquals(401, wrong.statusCode());
                assertNull(wrong.headers().firstValue(WebhookSignature.SIGNATURE).orElse(null), "nothing a sender sent is echoed");
                assertEquals(401, post(setup, "k-old", -310).statusCode(), "a timestamp more than 5 minutes old");
                assertEquals(401, post(setup, "k-future", 310).statusCode(), "a timestamp more than 5 minutes ahead");
                assertEquals(400, post("not json".getBytes(StandardCharsets.UTF_8), "k-bad", 0).statusCode());
                assertEquals(400, post("{\"id\":\"evt_1\",\"created_at\":\"2026-03-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8),
                        "k-no-payload", 0).statusCode());
                assertEquals(0, count(warehouse, "SELECT count(*) FROM webhook_events"), "refused requests keep nothing");

                assertEquals(202, post(setup, "k-setup", 0).statusCode());
                assertEquals(200, post(setup, "k-setup", 0).statusCode(), "the same idempotency key again");
                assertEquals(202, post(envelope("agent.updated", op2, "op_2"), "k-other-type", 0).statusCode());
                assertEquals(202, post(envelope("conversation.ended", "conv_00000000000", "op_1"), "k-gone", 0).statusCode());
                assertEquals(202, post(envelope("conversation.ended", op3, "op_3"), "k-op3", 0).statusCode());
                for (int i = 0; i < 5; i++) {
                    assertEquals(202, post(envelope("conversation.custom_fields.updated", op2, "op_2"), "k-burst-" + i, 0).statusCode());
                }
                HttpResponse<String> admin = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/api/backfills"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, admin.statusCode(), "the admin API answers on its own port beside the receiver");

                await(() -> count(warehouse, "SELECT count(*) FROM webhook_events WHERE status = 'pending'") == 0);
                assertEquals("done written", event(warehouse, "k-setup"));
                assertEquals(simulatorObject(simulator, op1), raw(warehouse, op1), "_raw is the object GET /conversations/{id} returned");
                assertEquals("op_1", column(warehouse, op1, "operator_id"));
                assertEquals("ignored null", event(warehouse, "k-other-type"), "other types are acknowledged and ignored");
                assertEquals("done not_found", event(warehouse, "k-gone"), "a 404 leaves the table as it is");
                assertEquals("ignored operator_not_configured", event(warehouse, "k-op3"));
                assertNull(raw(warehouse, op3), "a conversation of an operator that is not configured is not written");
                assertEquals(0, gets(simulator, op3), "nor fetched");
                for (int i = 0; i < 5; i++) {
                    assertEquals("done written", event(warehouse, "k-burst-" + i));
                }
                assertEquals(1, gets(simulator, op2), "five events of one conversation within a moment make one fetch");
                assertEquals(1, count(warehouse, "SELECT count(*) FROM sync_runs WHERE kind = 'webhook' AND inserted = 2"));
            }
            assertEquals(1, count(warehouse, "SELECT count(*) FROM sync_runs WHERE kind = 'webhook' AND status = 'succeeded'"),
                    "stopping closes the webhook run");
        }
    }

    /** Signed as the contract says, stamped {@code skewSeconds} from now. */
    @org.junit.jupiter.api.Test
    void answers_at_once_while_the_api_is_slow() throws Exception {
        int webhookPort = freePort();
        url = "http://127.0.0.1:" + webhookPort + WebhookSettings.PATH;
        try (TestWarehouse warehouse = TestWarehouse.open(Dialect.DUCKDB);
             OperatorApiSimulator simulator = OperatorApiSimulator.start(HISTORY)) {
            // Every fetch of a conversation waits 5 s (as a rate-limited one waits its Retry-After).
            simulator.setFaults((request, n) -> {
                if (request.path().startsWith("/conversations/")) {
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Optional.empty();
            });
            Map<String, String> overrides = new HashMap<>();
            overrides.put("operator.api.base-url", simulator.baseUrl().toString());
            overrides.put("operator.api.key", HISTORY.apiKey());
            overrides.put("operator.api.operator-ids", "op_1,op_2");
            overrides.put("warehouse.jdbc-url", warehouse.jdbcUrl());
            overrides.put("warehouse.schema", warehouse.schema());
            overrides.put("sync.schedule", "0 0 0 1 1 ? 2099");
            overrides.put("sync.retry.base-delay-ms", "100");
            overrides.put("webhook.port", Integer.toString(webhookPort));
            overrides.put("webhook.host", "127.0.0.1");
            overrides.put("operator.webhook.secret", SECRET);
            ConfigSource source = ConfigSource.load(Path.of("config", "application.properties"), Map.of(), overrides);
            List<String> conversations = simulator.listing(ApiVersion.V2024_11_11, "op_1").stream().limit(30)
                    .map(json -> json.substring(7, json.indexOf('"', 7))).toList();
            try (SyncEngine engine = SyncEngine.create(Settings.from(source), source.nonSecretValues(), Path.of("routes"),
                    Clock.systemUTC(), warehouse.warehouse(), false).serveWebhooks(WebhookSettings.from(source).orElseThrow()).start()) {
                // The first answer of a fresh process loads its classes; the ones after show what the answer waits on.
                assertEquals(400, post("{}".getBytes(StandardCharsets.UTF_8), "warm-up", 0).statusCode());
                long slowest = 0;
                for (int i = 0; i < conversations.size(); i++) {
                    long started = System.nanoTime();
                    assertEquals(202, post(envelope("conversation.ended", conversations.get(i), "op_1"), "slow-" + i, 0).statusCode());
                    slowest = Math.max(slowest, System.nanoTime() - started);
                }
                // Well under the API's 5 s, with room for a loaded machine: the answer never waits on a fetch.
                assertTrue(slowest < Duration.ofSeconds(2).toNanos(), "the slowest answer took " + slowest / 1_000_000 + " ms");
                assertTrue(count(warehouse, "SELECT count(*) FROM webhook_events WHERE status = 'pending'") > 0,
                        "the fetches were still waiting on the API while every event was answered");
                await(() -> count(warehouse, "SELECT count(*) FROM webhook_events WHERE status = 'done'") == conversations.size());
            }
        }
    }

    private HttpResponse<String> post(byte[] body, String key, long skewSeconds) throws Exception {
        String ts = Long.toString(Instant.now().getEpochSecond() + skewSeconds);
        return send(body, key, ts, new WebhookSignature(SECRET).sign(url, key, ts, body));
    }

    private HttpResponse<String> send(byte[] body, String key, String timestamp, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header(WebhookSignature.IDEMPOTENCY_KEY, key).header(WebhookSignature.TIMESTAMP, timestamp)
                    .header(WebhookSignature.SIGNATURE, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] envelope(String type, String conversationId, String operatorId) {
        return ("{\"id\":\"evt_" + UUID.randomUUID() + "\",\"created_at\":\"2026-03-01T00:00:00Z\",\"conversation_id\":\""
                + conversationId + "\",\"operator_id\":\"" + operatorId + "\",\"payload\":{\"type\":\"" + type + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String conversationOf(OperatorApiSimulator simulator, String operatorId) throws Exception {
        return JSON.readTree(simulator.listing(ApiVersion.V2024_11_11, operatorId).get(0)).get("id").asText();
    }

    private static String simulatorObject(OperatorApiSimulator simulator, String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(simulator.baseUrl() + "/conversations/" + id))
                .header("Authorization", "Bearer " + HISTORY.apiKey()).header("Operator-Version", "2024-11-11").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static long gets(OperatorApiSimulator simulator, String id) {
        return simulator.requests().stream().filter(r -> r.path().equals("/conversations/" + id) && r.method().equals("GET"))
                .filter(r -> r.headers().containsKey("User-Agent") && r.headers().get("User-Agent").startsWith("operator-sync")).count();
    }

    private static String event(TestWarehouse warehouse, String key) throws SQLException {
        try (Connection c = warehouse.connect();
             PreparedStatement s = c.prepareStatement("SELECT status, outcome FROM webhook_events WHERE idempotency_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getString(2) : null;
            }
        }
    }

    private static String raw(TestWarehouse warehouse, String id) throws SQLException {
        return column(warehouse, id, "CAST(_raw AS text)");
    }

    private static String column(TestWarehouse warehouse, String id, String expression) throws SQLException {
        try (Connection c = warehouse.connect();
             PreparedStatement s = c.prepareStatement("SELECT " + expression + " FROM conversations WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long count(TestWarehouse warehouse, String sql) throws SQLException {
        try (Connection c = warehouse.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.call()) {
            assertTrue(System.nanoTime() < deadline, "not within 60 s");
            Thread.sleep(50); // polling interval; the loop waits for the condition
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
