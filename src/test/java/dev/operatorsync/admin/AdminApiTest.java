package dev.operatorsync.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Settings;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The admin API of `run`, bound to a non-loopback address, against the simulator and DuckDB. */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-admin-token";
    private static final SimulatorOptions HISTORY = SimulatorOptions.defaults().withPort(0).withConversations(300)
            .withOperators(2).withPageSize(40).withStart(Instant.parse("2026-03-01T00:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bound_off_loopback_it_refuses_to_start_without_a_token() {
        ConfigSource source = ConfigSource.load(Path.of("config", "application.properties"), Map.of(),
                Map.of("admin.http.host", "0.0.0.0"));
        ConfigException e = assertThrows(ConfigException.class, () -> AdminSettings.from(source));
        assertTrue(e.getMessage().contains("admin.token") && e.getMessage().contains("ADMIN_TOKEN"), e.getMessage());
        ConfigSource loopback = ConfigSource.load(Path.of("config", "application.properties"), Map.of(), Map.of());
        assertFalse(AdminSettings.from(loopback).tokenRequired(), "127.0.0.1 without a token is open to this machine only");
    }

    @Test
    void trigger_follow_and_conflict_with_the_token_required() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CountDownLatch release = new CountDownLatch(1);
        try (TestWarehouse warehouse = TestWarehouse.open(Dialect.DUCKDB);
             OperatorApiSimulator simulator = OperatorApiSimulator.start(HISTORY)) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("operator.api.base-url", simulator.baseUrl().toString());
            overrides.put("operator.api.key", HISTORY.apiKey());
            overrides.put("operator.api.version", ApiVersion.V2024_11_11.header());
            overrides.put("operator.api.operator-ids", "op_1,op_2");
            overrides.put("warehouse.jdbc-url", warehouse.jdbcUrl());
            overrides.put("warehouse.schema", warehouse.schema());
            overrides.put("sync.schedule", "0 0 0 1 1 ? 2099");
            overrides.put("admin.http.host", "0.0.0.0");
            overrides.put("admin.http.port", Integer.toString(port));
            overrides.put("admin.token", TOKEN);
            ConfigSource source = ConfigSource.load(Path.of("config", "application.properties"), Map.of(), overrides);
            Settings settings = Settings.from(source);
            AdminSettings admin = AdminSettings.from(source);
            assertFalse(source.nonSecretValues().containsKey("admin.token"), "the token is never handed to Camel");
            // op_1's requests wait until released, so its backfill is still running when the second one comes
            simulator.setFaults((request, n) -> {
                if ("op_1".equals(request.queryParam("operator_id"))) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Optional.empty();
            });
            try (SyncEngine engine = SyncEngine.create(settings, source.nonSecretValues(), Path.of("routes"),
                    simulator.clock().asClock(), warehouse.warehouse(), true, admin).start()) {
                String base = "http://127.0.0.1:" + port + "/api/backfills";
                String body = "{\"from\": \"2026-02-01\", \"to\": \"2026-02-08\", \"operator\": \"op_1\"}";

                assertEquals(401, post(base, body, null).statusCode(), "no token");
                assertEquals(401, post(base, body, "Bearer wrong-token").statusCode(), "wrong token");
                assertEquals(401, get(base, "Bearer " + TOKEN + "x").statusCode());
                assertEquals(0, warehouse.warehouse().backfillStore().recent(10).size(), "refused requests write nothing");

                HttpResponse<String> form = post(base, body, "Bearer " + TOKEN, "application/x-www-form-urlencoded"); // curl -d without -H
                assertEquals(415, form.statusCode());
                assertTrue(form.body().contains("Content-Type: application/json"), form.body());
                HttpResponse<String> accepted = post(base, body, "Bearer " + TOKEN);
                assertEquals(202, accepted.statusCode(), accepted.body());
                long id = JSON.readTree(accepted.body()).get("id").asLong();

                HttpResponse<String> conflict = post(base, "{\"from\": \"2026-02-10\", \"to\": \"2026-02-12\", \"operator\": \"op_1\"}", "Bearer " + TOKEN);
                assertEquals(409, conflict.statusCode(), conflict.body());
                assertEquals(id, JSON.readTree(conflict.body()).get("running").asLong());
                HttpResponse<String> all = post(base, "{\"from\": \"2026-02-10\", \"to\": \"2026-02-12\"}", "Bearer " + TOKEN);
                assertEquals(409, all.statusCode(), "every operator includes op_1: " + all.body());

                HttpResponse<String> other = post(base, "{\"from\": \"2026-02-01\", \"to\": \"2026-02-03\", \"operator\": \"op_2\", \"window\": \"PT12H\"}", "Bearer " + TOKEN);
                assertEquals(202, other.statusCode(), "another operator may run beside it: " + other.body());

                HttpResponse<String> badJson = post(base, "{\"from\": ", "Bearer " + TOKEN);
                assertEquals(400, badJson.statusCode());
                assertTrue(badJson.body().contains("not JSON"), badJson.body());
                HttpResponse<String> badDate = post(base, "{\"from\": \"01/02/2026\", \"to\": \"2026-02-03\"}", "Bearer " + TOKEN);
                assertEquals(400, badDate.statusCode());
                assertTrue(badDate.body().contains("ISO-8601 date (2024-01-31"), badDate.body());
                HttpResponse<String> typo = post(base, "{\"from\": \"2026-02-01\", \"to\": \"2026-02-03\", \"operater\": \"op_2\"}", "Bearer " + TOKEN);
                assertEquals(400, typo.statusCode(), "not a backfill of every operator: " + typo.body());
                assertTrue(typo.body().contains("unknown field 'operater'; the fields are from, to, operator, window"), typo.body());
                HttpResponse<String> absurd = post(base, "{\"from\": \"1900-01-01\", \"to\": \"2100-01-01\", \"window\": \"PT1M\"}", "Bearer " + TOKEN);
                assertEquals(400, absurd.statusCode(), absurd.body());
                assertTrue(absurd.body().contains("--window PT1M cuts"), absurd.body());

                release.countDown();
                JsonNode done = waitFor(base + "/" + id, "succeeded", Duration.ofSeconds(60));
                assertEquals(7, done.get("windows").asLong());
                assertEquals(7, done.get("windows_done").asLong());
                assertTrue(done.get("records").asLong() > 0);
                HttpResponse<String> list = get(base, "Bearer " + TOKEN);
                assertEquals(200, list.statusCode());
                assertEquals(2, JSON.readTree(list.body()).size());
                assertEquals(404, get(base + "/999", "Bearer " + TOKEN).statusCode());
                assertEquals(0, warehouse.warehouse().stateStore().all().size(), "no live watermark moved");
            } finally {
                release.countDown();
            }
        }
    }

    private JsonNode waitFor(String url, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode node = JSON.readTree(get(url, "Bearer " + TOKEN).body());
            if (status.equals(node.get("status").asText())) {
                return node;
            }
            assertTrue(System.nanoTime() < deadline, "still " + node + " after " + timeout);
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(100); // polling interval, not a wait for luck: the loop checks the condition
        }
    }

    private HttpResponse<String> post(String url, String body, String authorization) throws Exception {
        return post(url, body, authorization, "application/json");
    }

    private HttpResponse<String> post(String url, String body, String authorization, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
