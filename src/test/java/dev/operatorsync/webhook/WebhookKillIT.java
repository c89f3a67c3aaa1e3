package dev.operatorsync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.api.WebhookSignature;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.Warehouse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Accepted means durable: a real {@code run} answers 202, is killed with SIGKILL while the fetch of that event's
 * conversation is in flight, and once started again it fetches the conversation and writes its row.
 */
class WebhookKillIT {
    private static final String SECRET = "whsec_kill_it";
    private static final SimulatorOptions HISTORY = SimulatorOptions.defaults().withPort(0).withConversations(100)
            .withOperators(2).withStart(Instant.parse("2026-03-01T00:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void an_event_accepted_before_a_kill_is_written_after_the_restart(Dialect dialect) throws Exception {
        String schema = TestDatabases.freshSchema();
        Path duckDbFile = dialect == Dialect.DUCKDB ? TestDatabases.freshDuckDbFile() : null;
        TestDatabases.Server server = dialect == Dialect.POSTGRESQL ? TestDatabases.postgres() : null;
        String jdbcUrl = duckDbFile != null ? "jdbc:duckdb:" + duckDbFile : server.jdbcUrl();
        int port = freePort();
        String url = "http://127.0.0.1:" + port + WebhookSettings.PATH;
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(HISTORY)) {
            String conversation = new ObjectMapper().readTree(simulator.listing(ApiVersion.V2024_11_11, "op_1").get(0)).get("id").asText();
            String path = "/conversations/" + conversation;
            // Until released, the fetch of the conversation hangs: the process dies with it in flight, nothing written.
            CountDownLatch release = new CountDownLatch(1);
            simulator.setFaults((request, n) -> {
                if (request.path().equals(path) && release.getCount() > 0) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Optional.empty();
            });
            Map<String, String> env = new HashMap<>();
            env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
            env.put("OPERATOR_API_KEY", HISTORY.apiKey());
            env.put("OPERATOR_IDS", "op_1,op_2");
            env.put("WAREHOUSE_JDBC_URL", jdbcUrl);
            env.put("WAREHOUSE_SCHEMA", schema);
            if (server != null && server.username() != null) {
                env.put("WAREHOUSE_USERNAME", server.username());
            }
            if (server != null && server.password() != null) {
                env.put("WAREHOUSE_PASSWORD", server.password());
            }
            env.put("SYNC_SCHEDULE", "0 0 0 1 1 ? 2099");
            env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
            env.put("ADMIN_HTTP_PORT", Integer.toString(freePort()));
            env.put("WEBHOOK_PORT", Integer.toString(port));
            env.put("WEBHOOK_HOST", "127.0.0.1");
            env.put("OPERATOR_WEBHOOK_SECRET", SECRET);

            byte[] body = ("{\"id\":\"evt_kill\",\"created_at\":\"2026-03-01T00:00:00Z\",\"conversation_id\":\"" + conversation
                    + "\",\"operator_id\":\"op_1\",\"payload\":{\"type\":\"conversation.ended\"}}").getBytes(StandardCharsets.UTF_8);
            try (CliProcess first = CliProcess.start("webhook-kill-1", env, "run")) {
                first.awaitWhileAlive("the receiver answers", Duration.ofSeconds(90), () -> answers(url));
                assertEquals(202, post(url, body, "key-kill").statusCode());
                first.awaitWhileAlive("the fetch is in flight", Duration.ofSeconds(60), () -> gets(simulator, path) == 1);
                assertEquals(CliProcess.KILLED, first.kill());
            }
            assertEquals("pending", eventStatus(jdbcUrl, server, schema), "killed before the fetch committed");
            assertEquals(0, rows(jdbcUrl, server, schema, conversation));
            release.countDown();

            try (CliProcess second = CliProcess.start("webhook-kill-2", env, "run")) {
                second.awaitWhileAlive("the conversation is fetched again", Duration.ofSeconds(90), () -> gets(simulator, path) == 2);
                if (dialect == Dialect.POSTGRESQL) {
                    second.awaitWhileAlive("the row arrives", Duration.ofSeconds(30), () -> rows(jdbcUrl, server, schema, conversation) == 1);
                }
                assertEquals(0, second.terminate(Duration.ofSeconds(60)));
            }
            assertEquals(1, rows(jdbcUrl, server, schema, conversation), "the accepted event's row arrived");
            assertEquals("done", eventStatus(jdbcUrl, server, schema));
        } finally {
            if (duckDbFile != null) {
                try (var files = Files.walk(duckDbFile.getParent().getParent())) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private boolean answers(String url) {
        try {
            return post(url, "{}".getBytes(StandardCharsets.UTF_8), "probe").statusCode() == 400;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> post(String url, byte[] body, String key) throws IOException, InterruptedException {
        String ts = Long.toString(Instant.now().getEpochSecond());
        return http.send(HttpRequest.newBuilder(URI.create(url)).header(WebhookSignature.TIMESTAMP, ts)
                .header(WebhookSignature.IDEMPOTENCY_KEY, key)
                .header(WebhookSignature.SIGNATURE, new WebhookSignature(SECRET).sign(url, key, ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long gets(OperatorApiSimulator simulator, String path) {
        return simulator.requests().stream().filter(r -> r.path().equals(path)).count();
    }

    private static String eventStatus(String jdbcUrl, TestDatabases.Server server, String schema) throws SQLException {
        return query(jdbcUrl, server, schema, "SELECT status FROM webhook_events WHERE idempotency_key = 'key-kill'");
    }

    private static long rows(String jdbcUrl, TestDatabases.Server server, String schema, String id) {
        try {
            return Long.parseLong(query(jdbcUrl, server, schema, "SELECT count(*) FROM conversations WHERE id = '" + id + "'"));
        } catch (SQLException e) {
            return -1;
        }
    }

    private static String query(String jdbcUrl, TestDatabases.Server server, String schema, String sql) throws SQLException {
        try (Warehouse warehouse = Warehouse.open(jdbcUrl, server == null ? null : server.username(),
                server == null ? null : server.password(), schema);
             Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
