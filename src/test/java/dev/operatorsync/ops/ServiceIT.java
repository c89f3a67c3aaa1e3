package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The service as it runs in production: real {@code java -jar} processes against an in-test simulator and
 * PostgreSQL. Health and metrics on the management port, a refused key in readiness only, SIGTERM in the
 * middle of a run, JSON log lines with the run id.
 */
class ServiceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);

    private static Map<String, String> environment(OperatorApiSimulator simulator, SimulatorOptions options, String key,
                                                   TestWarehouse warehouse) {
        Map<String, String> env = new HashMap<>(ServiceProcess.postgres(warehouse.schema()));
        env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
        env.put("OPERATOR_API_KEY", key);
        env.put("OPERATOR_IDS", String.join(",", OperatorApiSimulator.operatorIds(options.operators())));
        // The simulator's clock is frozen and its history lies before it: windows ending at the child's now cover all of it.
        env.put("SYNC_SETTLE_DELAY", "PT0S");
        env.put("MANAGEMENT_PORT", Integer.toString(ServiceProcess.freePort()));
        // run refuses to start on a taken port, and the default 8080 is anybody's on a shared machine.
        env.put("ADMIN_HTTP_PORT", Integer.toString(ServiceProcess.freePort()));
        return env;
    }

    /** A cron that fires once a minute, at the second {@code delay} from now: one run within the test's time. */
    private static String onceAMinuteSoon(Duration delay) {
        int second = Instant.now().plus(delay).atZone(ZoneOffset.UTC).getSecond();
        return second + " * * * * ?";
    }

    @Test
    void a_running_service_serves_health_and_metrics_that_match_the_warehouse() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(800).withOperators(2).withPageSize(50);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options);
             TestWarehouse warehouse = TestWarehouse.open(Dialect.POSTGRESQL)) {
            Map<String, String> env = environment(simulator, options, options.apiKey(), warehouse);
            env.put("SYNC_SCHEDULE", onceAMinuteSoon(Duration.ofSeconds(6)));
            // The receiver on, so the webhook metrics the dashboard and the alerts query are in the scrape too.
            env.put("WEBHOOK_PORT", Integer.toString(ServiceProcess.freePort()));
            env.put("WEBHOOK_HOST", "127.0.0.1");
            env.put("OPERATOR_WEBHOOK_SECRET", "whsec_service_it");
            int port = Integer.parseInt(env.get("MANAGEMENT_PORT"));
            try (CliProcess run = CliProcess.start("run", env, "run")) {
                run.awaitWhileAlive("a finished run", Duration.ofSeconds(90), () -> finishedRuns(warehouse) >= 1);
                run.awaitWhileAlive("the run in the metrics", START,
                        () -> ServiceProcess.get(port, "/observe/metrics").body().contains("operator_sync_runs_total{kind=\"sync\",status=\"succeeded\"} 1"));
                ServiceProcess.Response metrics = ServiceProcess.get(port, "/observe/metrics");
                assertEquals(200, metrics.status());
                Scrape scrape = Scrape.parse(metrics.body());
                Map<String, Long> db = runTotals(warehouse);

                assertEquals(1.0, scrape.sum("operator_sync_runs_total", "status=\"succeeded\""));
                assertEquals(db.get("fetched"), (long) scrape.sum("operator_sync_records_fetched_total"), "fetched");
                for (String outcome : new String[] {"inserted", "updated", "unchanged", "dead_lettered"}) {
                    assertEquals(db.get(outcome.replace("_", "")), (long) scrape.sum("operator_sync_records_total", "outcome=\"" + outcome + "\""), outcome);
                }
                assertEquals(count(warehouse, "SELECT count(*) FROM conversations"), db.get("inserted"), "every row inserted once");
                assertEquals(db.get("requests"), (long) scrape.sum("operator_sync_api_requests_total", "status=\"200\""), "requests");
                assertEquals(simulator.requestCount(), (long) scrape.sum("operator_sync_api_requests_total"), "requests the API saw");
                assertEquals(db.get("requests"), (long) scrape.sum("operator_sync_page_fetch_seconds_count"), "fetch latencies");
                assertEquals(db.get("pages"), (long) scrape.sum("operator_sync_page_write_seconds_count"), "write latencies");
                assertEquals(db.get("retries"), (long) scrape.sum("operator_sync_retries_total"), "retries");
                assertEquals(count(warehouse, "SELECT count(*) FROM dead_letters WHERE status = 'open'"),
                        (long) scrape.sum("operator_sync_dead_letters_open"), "open dead letters");
                assertEquals(1.0, scrape.sum("operator_sync_run_duration_seconds_count"));
                assertTrue(scrape.sum("operator_sync_rate_limit_wait_seconds_total") >= 0);
                assertTrue(scrape.sum("operator_sync_last_success_timestamp_seconds") > Instant.now().minusSeconds(120).getEpochSecond());
                Map<String, Instant> watermarks = watermarks(warehouse);
                assertEquals(6, watermarks.size(), "three streams per operator: " + watermarks);
                for (Map.Entry<String, Instant> w : watermarks.entrySet()) {
                    String[] parts = w.getKey().split("/");
                    double lag = scrape.sum("operator_sync_watermark_lag_seconds", "operator=\"" + parts[0] + "\"", "stream=\"" + parts[1] + "\"");
                    double expected = Duration.between(w.getValue(), Instant.now()).toMillis() / 1000.0;
                    assertTrue(Math.abs(lag - expected) < 15, w.getKey() + ": lag " + lag + " vs " + expected);
                }
                assertFalse(metrics.body().contains("conv_"), "no conversation id in a label");
                assertFalse(metrics.body().contains(options.apiKey()), "no secret in the metrics");

                Optional<Path> promtool = Promtool.find();
                if (promtool.isPresent()) {
                    // The whole scrape must parse (exit 1 would be a format error). Camel's own meters carry camelCase
                    // labels (routeId, camelContext), which promtool's lint flags (exit 3); ours must lint clean.
                    Promtool.Result all = Promtool.run(promtool.get(), metrics.body(), "check", "metrics");
                    assertTrue(all.exitCode() == 0 || all.exitCode() == 3, "promtool check metrics:\n" + all.output());
                    assertFalse(all.output().contains("operator_sync_"), "lint problems of our metrics:\n" + all.output());
                    String ours = metrics.body().lines().filter(l -> l.contains("operator_sync_")).collect(Collectors.joining("\n", "", "\n"));
                    Promtool.Result lint = Promtool.run(promtool.get(), ours, "check", "metrics");
                    assertEquals(0, lint.exitCode(), "promtool check metrics of the operator_sync_ families:\n" + lint.output());
                } else {
                    System.out.println("ServiceIT: " + Promtool.MISSING + " the promtool check of the scrape");
                }
                assertDashboardAndAlertsUseRealMetrics(scrape);

                ServiceProcess.Response ready = ServiceProcess.get(port, "/observe/health/ready");
                assertEquals(200, ready.status(), ready.body());
                JsonNode checks = checks(ready.body());
                for (String check : new String[] {"warehouse", "scheduler", "sync-freshness", "last-sync"}) {
                    assertEquals("UP", checks.path(check).path("status").asText(), check + " in " + ready.body());
                    assertFalse(checks.path(check).path("message").asText().isEmpty(), "a reason for " + check);
                }
                assertEquals(200, ServiceProcess.get(port, "/observe/health/live").status());
                assertEquals(0, run.terminate(START), run.output());
            }
        }
    }

    @Test
    void a_refused_key_shows_in_readiness_and_never_in_liveness() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(50).withOperators(1);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options);
             TestWarehouse warehouse = TestWarehouse.open(Dialect.POSTGRESQL)) {
            Map<String, String> env = environment(simulator, options, "op_test_expired_key", warehouse);
            env.put("SYNC_SCHEDULE", "* * * * * ?");
            int port = Integer.parseInt(env.get("MANAGEMENT_PORT"));
            try (CliProcess run = CliProcess.start("run-refused", env, "run")) {
                run.awaitWhileAlive("a failed run", Duration.ofSeconds(90), () -> finishedRuns(warehouse) >= 1);
                run.awaitWhileAlive("readiness DOWN", START, () -> ServiceProcess.get(port, "/observe/health/ready").status() == 503);
                ServiceProcess.Response ready = ServiceProcess.get(port, "/observe/health/ready");
                JsonNode checks = checks(ready.body());
                assertEquals("DOWN", checks.path("last-sync").path("status").asText(), ready.body());
                assertTrue(checks.path("last-sync").path("message").asText().contains("401"), ready.body());
                assertEquals("UP", checks.path("warehouse").path("status").asText(), ready.body());
                ServiceProcess.Response live = ServiceProcess.get(port, "/observe/health/live");
                assertEquals(200, live.status(), live.body());
                assertEquals("UP", JSON.readTree(live.body()).path("status").asText(), live.body());
                assertFalse(ready.body().contains("op_test_expired_key"), "the key is not in the health JSON");
                Scrape scrape = Scrape.parse(ServiceProcess.get(port, "/observe/metrics").body());
                assertTrue(scrape.sum("operator_sync_api_requests_total", "status=\"401\"") >= 1);
                assertEquals(0, run.terminate(START), run.output());
                assertFalse(run.stderr().contains("op_test_expired_key"), "the key is in no log line");
            }
        }
    }

    @Test
    void sigterm_during_a_run_exits_0_in_the_grace_period_and_a_restart_ends_with_the_uninterrupted_table() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(2400).withOperators(3).withPageSize(40);
        Duration grace = Duration.ofSeconds(20);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options);
             TestWarehouse reference = TestWarehouse.open(Dialect.POSTGRESQL);
             TestWarehouse stopped = TestWarehouse.open(Dialect.POSTGRESQL)) {
            try (CliProcess sync = CliProcess.start("reference", environment(simulator, options, options.apiKey(), reference), "sync")) {
                assertEquals(0, sync.exitCode(Duration.ofSeconds(120)), sync.output());
            }
            long total = count(reference, "SELECT count(*) FROM conversations");

            // Slow pages down a little so the signal lands while pages flow, not after the run.
            simulator.setFaults((request, n) -> {
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            });
            Map<String, String> env = environment(simulator, options, options.apiKey(), stopped);
            env.put("SYNC_SCHEDULE", "* * * * * ?");
            env.put("CAMEL_MAIN_SHUTDOWN_TIMEOUT", Long.toString(grace.toSeconds()));
            long before = simulator.requestCount();
            try (CliProcess run = CliProcess.start("run-sigterm", env, "run")) {
                run.awaitWhileAlive("pages flowing", Duration.ofSeconds(90), () -> simulator.requestCount() >= before + 12);
                long signalled = System.nanoTime();
                int exit = run.terminate(grace.plusSeconds(15));
                Duration took = Duration.ofNanos(System.nanoTime() - signalled);
                assertEquals(0, exit, run.output());
                assertTrue(took.compareTo(grace) < 0, "stopped in " + took + ", grace " + grace + "\n" + run.output());
                assertTrue(run.stderr().contains("SIGTERM received"), run.output());
                assertTrue(run.stderr().contains(" run=1 "), "plain lines carry the run id\n" + run.output());
            }
            long partial = count(stopped, "SELECT count(*) FROM conversations");
            assertTrue(partial < total, "the signal landed mid-run: " + partial + " of " + total + " rows");
            assertEquals("failed", string(stopped, "SELECT status FROM sync_runs WHERE run_id = 1"));
            assertTrue(string(stopped, "SELECT error FROM sync_runs WHERE run_id = 1").startsWith("stopped after"));
            long cursors = count(stopped, "SELECT count(*) FROM sync_state WHERE resume_cursor IS NOT NULL");
            assertTrue(cursors >= 1 && cursors <= 2, "each interrupted stream (sync.parallel 2) kept its resume point: " + cursors);

            simulator.setFaults(dev.operatorsync.simulator.FaultPlan.NONE);
            Map<String, String> restart = environment(simulator, options, options.apiKey(), stopped);
            restart.put("LOGGING_FORMAT", "json");
            try (CliProcess sync = CliProcess.start("restart", restart, "sync")) {
                assertEquals(0, sync.exitCode(Duration.ofSeconds(120)), sync.output());
                assertJsonLinesWithRunId(sync.stderr(), 2);
            }
            assertEquals(table(reference), table(stopped), "the stopped and restarted table equals the uninterrupted one");
            assertEquals(total, count(stopped, "SELECT sum(inserted) FROM sync_runs"), "no row inserted twice, none lost");
        }
    }

    private static void assertJsonLinesWithRunId(String stderr, long runId) throws Exception {
        int lines = 0;
        boolean summary = false;
        for (String line : stderr.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            lines++;
            if (node.path("loggerName").asText().endsWith("SyncRuns")) {
                assertEquals(Long.toString(runId), node.path("mdc").path("run_id").asText(), line);
                summary |= node.path("formattedMessage").asText().startsWith("run " + runId + " sync succeeded");
            }
        }
        assertTrue(lines >= 2, "the run's start and summary lines at least:\n" + stderr);
        assertTrue(summary, "one summary line for the run:\n" + stderr);
    }

    /** Every operator_sync_* metric a dashboard panel or an alert rule queries is in a real scrape. */
    private static void assertDashboardAndAlertsUseRealMetrics(Scrape scrape) throws Exception {
        Set<String> names = scrape.names();
        Path root = CliProcess.projectRoot();
        JsonNode dashboard = JSON.readTree(root.resolve("docker/grafana/dashboards/operator-sync.json").toFile());
        Set<String> used = new TreeSet<>();
        int panels = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            panels++;
            assertTrue(panel.path("targets").size() > 0, "panel " + panel.path("title") + " has a query");
            for (JsonNode target : panel.path("targets")) {
                Set<String> inExpr = metricNames(target.path("expr").asText());
                assertFalse(inExpr.isEmpty(), "panel " + panel.path("title") + " queries an operator_sync metric");
                used.addAll(inExpr);
            }
        }
        assertTrue(panels >= 5, "the dashboard has its panels");
        used.addAll(metricNames(Files.readString(root.resolve("docker/prometheus/alerts.yml"))));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(names);
        assertTrue(missing.isEmpty(), "queried but not in the scrape: " + missing + "; scraped: " + names);
    }

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("operator_sync_[a-z_]+").matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static JsonNode checks(String healthJson) throws Exception {
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode check : JSON.readTree(healthJson).path("checks")) {
            byName.put(check.path("name").asText(), check);
        }
        return JSON.valueToTree(byName);
    }

    private static long finishedRuns(TestWarehouse warehouse) {
        try {
            return count(warehouse, "SELECT count(*) FROM sync_runs WHERE finished_at IS NOT NULL");
        } catch (SQLException e) {
            return 0; // the child has not created the tables yet
        }
    }

    private static Map<String, Long> runTotals(TestWarehouse warehouse) throws SQLException {
        Map<String, Long> totals = new HashMap<>();
        try (Connection c = warehouse.warehouse().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(fetched), sum(inserted), sum(updated), sum(unchanged), sum(dead_lettered), "
                     + "sum(requests), sum(pages), sum(retries) FROM sync_runs")) {
            rs.next();
            String[] names = {"fetched", "inserted", "updated", "unchanged", "deadlettered", "requests", "pages", "retries"};
            for (int i = 0; i < names.length; i++) {
                totals.put(names[i], rs.getLong(i + 1));
            }
        }
        return totals;
    }

    private static Map<String, Instant> watermarks(TestWarehouse warehouse) throws SQLException {
        Map<String, Instant> watermarks = new TreeMap<>();
        try (Connection c = warehouse.warehouse().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT stream_id, watermark FROM sync_state WHERE watermark IS NOT NULL")) {
            while (rs.next()) {
                watermarks.put(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
            }
        }
        return watermarks;
    }

    private static Map<String, String> table(TestWarehouse warehouse) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = warehouse.warehouse().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, CAST(_raw AS VARCHAR), _payload_hash FROM conversations")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }

    private static long count(TestWarehouse warehouse, String sql) throws SQLException {
        try (Connection c = warehouse.warehouse().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String string(TestWarehouse warehouse, String sql) throws SQLException {
        try (Connection c = warehouse.warehouse().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
