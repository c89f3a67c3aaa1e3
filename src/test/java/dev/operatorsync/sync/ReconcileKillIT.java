package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real {@code reconcile} process killed with SIGKILL mid-way (windows compared, others listing) and run again
 * ends with the table an uninterrupted reconcile makes: the rows the API lists, as it lists them, and those it
 * deleted marked.
 * Runs the packaged jar (failsafe, after {@code package}) from the project root.
 */
class ReconcileKillIT {
    private static final int KILL_AFTER_REQUESTS = 50;
    private static final SimulatorOptions HISTORY = SimulatorOptions.defaults().withPort(0).withConversations(1200)
            .withOperators(2).withPageSize(20).withStart(Instant.parse("2026-03-01T00:00:00Z"));

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void a_killed_reconcile_run_again_ends_as_an_uninterrupted_one_would(Dialect dialect) throws Exception {
        BackfillKillIT.Target killed = BackfillKillIT.Target.fresh(dialect);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(HISTORY)) {
            assertEquals(0, run(simulator, killed, "sync", "sync"));
            Map<String, String> synced = killed.rows();
            simulator.clock().advance(Duration.ofDays(25)); // the simulator deletes test-mode conversations meanwhile
            execute(killed, "DELETE FROM conversations WHERE id IN (SELECT id FROM conversations ORDER BY id LIMIT 9)");

            // Requests past KILL_AFTER_REQUESTS of the reconcile hang until released: it is killed with windows in flight.
            long start = simulator.requestCount();
            CountDownLatch release = new CountDownLatch(1);
            AtomicLong hanging = new AtomicLong();
            simulator.setFaults(BackfillKillIT.holdRequestsAfter(start + KILL_AFTER_REQUESTS, release, hanging));
            try (CliProcess first = CliProcess.start("reconcile-killed", environment(simulator, killed), "reconcile")) {
                first.awaitWhileAlive("a request held", Duration.ofSeconds(90), () -> hanging.get() > 0);
                assertEquals(CliProcess.KILLED, first.kill());
            }
            release.countDown();
            assertEquals(1, killed.count("SELECT count(*) FROM sync_runs WHERE kind = 'reconcile' AND status = 'running' AND pages > 0"),
                    "the kill came mid-way: pages committed, the run not finished");

            assertEquals(0, run(simulator, killed, "reconcile-again", "reconcile"));

            // What an uninterrupted reconcile makes: every listed conversation as the API lists it now (the deleted rows
            // loaded again), every synced one the API no longer lists marked deleted.
            Map<String, String> expected = new HashMap<>();
            for (String operator : List.of("op_1", "op_2")) {
                simulator.listing(ApiVersion.V2024_11_11, operator).forEach(raw -> expected.put(SyncHarness.field(raw, "id"), raw + " live"));
            }
            synced.forEach((id, raw) -> expected.putIfAbsent(id, raw + " deleted"));
            assertTrue(expected.values().stream().anyMatch(v -> v.endsWith("deleted")), "the API deleted some synced conversations");
            assertEquals(expected, rows(killed), "killed and run again ends as an uninterrupted reconcile would");
            assertEquals(List.of("failed", "succeeded"), statuses(killed), "the killed run is closed as failed, the next succeeded");
            assertEquals(0, killed.count("SELECT count(*) FROM reconcile_listed"), "no listed ids left behind");
        } finally {
            killed.drop();
        }
    }

    private static int run(OperatorApiSimulator simulator, BackfillKillIT.Target target, String label, String command) {
        try (CliProcess process = CliProcess.start(label, environment(simulator, target), command)) {
            int exit = process.exitCode(Duration.ofSeconds(180));
            assertEquals(0, exit, process.output());
            return exit;
        }
    }

    private static Map<String, String> environment(OperatorApiSimulator simulator, BackfillKillIT.Target target) {
        Map<String, String> env = new HashMap<>();
        env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
        env.put("OPERATOR_API_KEY", HISTORY.apiKey());
        env.put("OPERATOR_API_VERSION", ApiVersion.V2024_11_11.header());
        env.put("OPERATOR_IDS", "op_1,op_2");
        env.put("WAREHOUSE_JDBC_URL", target.jdbcUrl());
        env.put("WAREHOUSE_SCHEMA", target.schema());
        if (target.username() != null) {
            env.put("WAREHOUSE_USERNAME", target.username());
        }
        if (target.password() != null) {
            env.put("WAREHOUSE_PASSWORD", target.password());
        }
        return env;
    }

    /** id → the row as the API served it and whether it is marked deleted ("... deleted" / "... live"). */
    private static Map<String, String> rows(BackfillKillIT.Target target) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Warehouse warehouse = Warehouse.open(target.jdbcUrl(), target.username(), target.password(), target.schema());
             Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, CAST(_raw AS VARCHAR), _deleted_at IS NOT NULL FROM conversations")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2) + (rs.getBoolean(3) ? " deleted" : " live"));
            }
        }
        return rows;
    }

    private static List<String> statuses(BackfillKillIT.Target target) throws SQLException {
        try (Warehouse warehouse = Warehouse.open(target.jdbcUrl(), target.username(), target.password(), target.schema());
             Connection connection = warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT status FROM sync_runs WHERE kind = 'reconcile' ORDER BY run_id")) {
            List<String> statuses = new ArrayList<>();
            while (rs.next()) {
                statuses.add(rs.getString(1));
            }
            return statuses;
        }
    }

    private static void execute(BackfillKillIT.Target target, String sql) throws SQLException {
        try (Warehouse warehouse = Warehouse.open(target.jdbcUrl(), target.username(), target.password(), target.schema());
             Connection connection = warehouse.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
