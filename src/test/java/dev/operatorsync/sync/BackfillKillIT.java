package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.FaultPlan;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.Warehouse;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real {@code backfill} process killed with SIGKILL mid-way and started again with the same arguments ends
 * with the table an uninterrupted backfill makes, having re-fetched at most one page per window in flight.
 * Runs the packaged jar (failsafe, after {@code package}) from the project root.
 */
class BackfillKillIT {
    private static final int PARALLEL = 2;
    private static final int KILL_AFTER_REQUESTS = 25;
    private static final SimulatorOptions HISTORY = SimulatorOptions.defaults().withPort(0).withConversations(1200)
            .withOperators(2).withPageSize(20).withStart(Instant.parse("2026-03-01T00:00:00Z"));
    private static final List<String> ARGS = List.of("backfill", "--from", "2026-02-01", "--to", "2026-03-01",
            "--window", "P7D", "--parallel", Integer.toString(PARALLEL));

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_killed_backfill_started_again_ends_equal_to_an_uninterrupted_one(Dialect dialect) throws Exception {
        Target killed = Target.fresh(dialect);
        Target uninterrupted = Target.fresh(dialect);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(HISTORY)) {
            // Requests past KILL_AFTER_REQUESTS hang until released: the child is killed with pages in flight.
            CountDownLatch release = new CountDownLatch(1);
            AtomicLong hanging = new AtomicLong();
            simulator.setFaults(holdRequestsAfter(KILL_AFTER_REQUESTS, release, hanging));
            Process first = start(simulator, killed, "killed-1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (hanging.get() < PARALLEL) {
                assertTrue(first.isAlive(), "the first backfill ended before it was killed: " + log("killed-1"));
                assertTrue(System.nanoTime() < deadline, "no request reached the simulator: " + log("killed-1"));
                TimeUnit.MILLISECONDS.sleep(20); // polling interval; the loop waits for the condition
            }
            first.destroyForcibly(); // SIGKILL
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            long firstRequests = simulator.requestCount();
            release.countDown();

            Process second = start(simulator, killed, "killed-2");
            assertTrue(second.waitFor(120, TimeUnit.SECONDS), "the restarted backfill did not finish");
            assertEquals(0, second.exitValue(), log("killed-2"));
            assertTrue(log("killed-2").contains("to load"), log("killed-2"));
            long resumedRequests = simulator.requestCount() - firstRequests;

            long before = simulator.requestCount();
            Process whole = start(simulator, uninterrupted, "uninterrupted");
            assertTrue(whole.waitFor(120, TimeUnit.SECONDS), "the uninterrupted backfill did not finish");
            assertEquals(0, whole.exitValue(), log("uninterrupted"));
            long wholeRequests = simulator.requestCount() - before;

            Map<String, String> expected = new HashMap<>();
            for (String operator : List.of("op_1", "op_2")) {
                for (String raw : simulator.listing(ApiVersion.V2024_11_11, operator)) {
                    Instant created = Instant.parse(SyncHarness.field(raw, "created_at"));
                    if (!created.isBefore(Instant.parse("2026-02-01T00:00:00Z")) && created.isBefore(Instant.parse("2026-03-01T00:00:00Z"))) {
                        expected.put(SyncHarness.field(raw, "id"), raw);
                    }
                }
            }
            Map<String, String> afterKill = killed.rows();
            assertEquals(uninterrupted.rows(), afterKill, "killed and restarted ends equal to uninterrupted");
            assertEquals(expected, afterKill);
            assertTrue(firstRequests + resumedRequests <= wholeRequests + PARALLEL,
                    "re-fetched at most one page per window in flight: " + firstRequests + " + " + resumedRequests
                            + " requests against " + wholeRequests + " uninterrupted");
            assertEquals(List.of("failed", "succeeded"), killed.runStatuses(), "the killed run is closed as failed, the restart succeeded");
            assertEquals(0, killed.count("SELECT count(*) FROM sync_state"));
        } finally {
            killed.drop();
            uninterrupted.drop();
        }
    }

    /** Requests numbered past {@code number} wait (counted in {@code held}) until {@code release} opens; ReconcileKillIT uses it too. */
    static FaultPlan holdRequestsAfter(long number, CountDownLatch release, AtomicLong held) {
        return (request, n) -> {
            if (release.getCount() > 0 && n > number) {
                held.incrementAndGet();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Optional.empty();
        };
    }

    private static Process start(OperatorApiSimulator simulator, Target target, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(Path.of("target", "operator-sync.jar").toString());
        command.addAll(ARGS);
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(logFile(name).toFile());
        Map<String, String> env = builder.environment();
        env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
        env.put("OPERATOR_API_KEY", HISTORY.apiKey());
        env.put("OPERATOR_API_VERSION", ApiVersion.V2024_11_11.header());
        env.put("OPERATOR_IDS", "op_1,op_2");
        env.put("WAREHOUSE_JDBC_URL", target.jdbcUrl);
        env.put("WAREHOUSE_SCHEMA", target.schema);
        if (target.username != null) {
            env.put("WAREHOUSE_USERNAME", target.username);
        }
        if (target.password != null) {
            env.put("WAREHOUSE_PASSWORD", target.password);
        }
        return builder.start();
    }

    private static Path logFile(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "backfill-kill-it"));
        return dir.resolve(name + ".log");
    }

    private static String log(String name) {
        try {
            return Files.readString(logFile(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A warehouse the children write; opened here only once they have exited (a DuckDB file is one process's). ReconcileKillIT uses it too. */
    record Target(Dialect dialect, String jdbcUrl, String username, String password, String schema, Path duckDbFile) {
        static Target fresh(Dialect dialect) {
            String schema = TestDatabases.freshSchema();
            if (dialect == Dialect.DUCKDB) {
                Path file = TestDatabases.freshDuckDbFile();
                return new Target(dialect, "jdbc:duckdb:" + file, null, null, schema, file);
            }
            TestDatabases.Server server = TestDatabases.postgres();
            return new Target(dialect, server.jdbcUrl(), server.username(), server.password(), schema, null);
        }

        Map<String, String> rows() throws SQLException {
            Map<String, String> rows = new HashMap<>();
            try (Warehouse warehouse = Warehouse.open(jdbcUrl, username, password, schema);
                 Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT id, CAST(_raw AS VARCHAR) FROM conversations")) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
            return rows;
        }

        List<String> runStatuses() throws SQLException {
            List<String> statuses = new ArrayList<>();
            try (Warehouse warehouse = Warehouse.open(jdbcUrl, username, password, schema);
                 Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT status FROM sync_runs WHERE kind = 'backfill' ORDER BY run_id")) {
                while (rs.next()) {
                    statuses.add(rs.getString(1));
                }
            }
            return statuses;
        }

        long count(String sql) throws SQLException {
            try (Warehouse warehouse = Warehouse.open(jdbcUrl, username, password, schema);
                 Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void drop() throws Exception {
            if (duckDbFile != null) {
                try (var files = Files.walk(duckDbFile.getParent().getParent())) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                return;
            }
            try (Warehouse warehouse = Warehouse.open(jdbcUrl, username, password, schema);
                 Connection connection = warehouse.connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException ignored) {
                // the schema was never created
            }
        }
    }
}
