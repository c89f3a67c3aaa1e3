package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guarantee 4 with real processes: {@code sync} killed with SIGKILL at several points of a many-page run and
 * started again ends with exactly the table one uninterrupted {@code sync} makes. One simulator on a manual
 * clock serves both, so the API's data is the same for every run.
 */
class CrashSafetyIT {
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withPort(0).withConversations(3000)
            .withOperators(3).withPageSize(40);
    /** Kill points, in requests the simulator received since that child started. */
    private static final long[] KILL_AFTER_REQUESTS = {3, 20, 45};
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void killed_syncs_rerun_to_exactly_the_table_an_uninterrupted_sync_makes(Dialect dialect) throws Exception {
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(OPTIONS);
             Target reference = Target.create(dialect);
             Target crashed = Target.create(dialect)) {

            try (CliProcess child = CliProcess.start("reference-sync", environment(simulator, reference), "sync")) {
                assertEquals(0, child.exitCode(CHILD_TIMEOUT), child.output());
            }

            List<Long> killedPids = new ArrayList<>();
            for (long requests : KILL_AFTER_REQUESTS) {
                long before = simulator.requestCount();
                try (CliProcess child = CliProcess.start("killed-after-" + requests, environment(simulator, crashed), "sync")) {
                    child.awaitWhileAlive(requests + " requests since the child started", Duration.ofSeconds(60),
                            () -> simulator.requestCount() >= before + requests);
                    assertEquals(CliProcess.KILLED, child.kill(), "the kill must land while the sync still runs\n" + child.output());
                    killedPids.add(child.pid());
                }
            }
            try (CliProcess child = CliProcess.start("final-sync", environment(simulator, crashed), "sync")) {
                assertEquals(0, child.exitCode(CHILD_TIMEOUT), child.output());
            }

            Table expected = reference.read();
            Table actual = crashed.read();

            Map<String, String> listing = new HashMap<>();
            for (int o = 1; o <= OPTIONS.operators(); o++) {
                simulator.listing(ApiVersion.V2024_11_11, "op_" + o).forEach(raw -> listing.put(SyncHarness.field(raw, "id"), raw));
            }
            assertEquals(listing.keySet(), expected.raw().keySet(), "the uninterrupted sync loads every conversation the API lists");
            assertEquals(listing, expected.raw(), "the uninterrupted sync stores each object exactly as listed");

            assertEquals(expected.raw().keySet(), actual.raw().keySet(), "killed and rerun: the same conversations, none missing, none extra");
            assertEquals(actual.rows(), actual.distinctIds(), "no id is stored twice");
            assertEquals(expected.raw(), actual.raw(), "killed and rerun: each _raw as the uninterrupted sync stored it");
            assertEquals(expected.hashes(), actual.hashes(), "killed and rerun: each _payload_hash as the uninterrupted sync stored it");

            assertEquals(expected.streams().keySet(), actual.streams().keySet(), "the same streams");
            for (Table t : List.of(expected, actual)) {
                t.streams().forEach((stream, state) -> assertEquals("watermark set, no resume cursor", state,
                        "stream " + stream + " ended closed"));
            }

            List<Run> runs = actual.runs();
            assertEquals(KILL_AFTER_REQUESTS.length + 1, runs.size(), "one sync_runs row per child: " + runs);
            for (int i = 0; i < killedPids.size(); i++) {
                Run killed = runs.get(i);
                assertEquals(killedPids.get(i), killed.pid(), "run " + killed.runId() + " is the killed child's");
                assertEquals("failed", killed.status(), "a later run closed the killed run " + killed);
                assertEquals("the process ended before the run finished", killed.error(), "why the killed run failed: " + killed);
                assertTrue(killed.finished(), "the killed run has a finish time: " + killed);
            }
            Run last = runs.get(runs.size() - 1);
            assertEquals("succeeded", last.status(), "the final run: " + last);
            assertEquals(actual.rows(), runs.stream().mapToLong(Run::inserted).sum(),
                    "the inserted counts committed with the pages add up to the rows: no page counted twice or lost " + runs);
            assertEquals(expected.rows(), expected.runs().get(0).inserted(), "the reference run inserted every row");
        }
    }

    private static Map<String, String> environment(OperatorApiSimulator simulator, Target target) {
        Map<String, String> env = new HashMap<>(target.environment());
        env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
        env.put("OPERATOR_API_KEY", OPTIONS.apiKey());
        env.put("OPERATOR_API_VERSION", ApiVersion.V2024_11_11.header());
        env.put("OPERATOR_IDS", SyncHarness.operatorIds(OPTIONS.operators()));
        // The simulator's history lies before its (frozen) start instant, so windows ending at the child's
        // "now" cover all of it; the default lookback re-reads the last 10 minutes, which must change nothing.
        env.put("SYNC_SETTLE_DELAY", "PT0S");
        return env;
    }

    private record Run(long runId, String status, String error, boolean finished, long pid, long inserted) {
    }

    private record Table(Map<String, String> raw, Map<String, String> hashes, long rows, long distinctIds,
                         Map<String, String> streams, List<Run> runs) {
        static Table read(Warehouse warehouse) throws SQLException {
            Map<String, String> raw = new HashMap<>();
            Map<String, String> hashes = new HashMap<>();
            Map<String, String> streams = new TreeMap<>();
            List<Run> runs = new ArrayList<>();
            long rows;
            long distinct;
            try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery("SELECT id, CAST(_raw AS VARCHAR), _payload_hash FROM conversations")) {
                    while (rs.next()) {
                        raw.put(rs.getString(1), rs.getString(2));
                        hashes.put(rs.getString(1), rs.getString(3));
                    }
                }
                try (ResultSet rs = statement.executeQuery("SELECT count(*), count(DISTINCT id) FROM conversations")) {
                    rs.next();
                    rows = rs.getLong(1);
                    distinct = rs.getLong(2);
                }
                try (ResultSet rs = statement.executeQuery("SELECT stream_id, watermark IS NOT NULL, resume_cursor IS NULL FROM sync_state")) {
                    while (rs.next()) {
                        streams.put(rs.getString(1), (rs.getBoolean(2) ? "watermark set" : "no watermark")
                                + ", " + (rs.getBoolean(3) ? "no resume cursor" : "resume cursor left"));
                    }
                }
                try (ResultSet rs = statement.executeQuery(
                        "SELECT run_id, status, error, finished_at IS NOT NULL, pid, inserted FROM sync_runs ORDER BY run_id")) {
                    while (rs.next()) {
                        runs.add(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getLong(5), rs.getLong(6)));
                    }
                }
            }
            return new Table(raw, hashes, rows, distinct, streams, runs);
        }
    }

    /**
     * A warehouse the children write. PostgreSQL: a fresh schema, readable while children run. DuckDB: a fresh
     * file the test opens only after the children are done, since a running child holds its lock.
     */
    private interface Target extends AutoCloseable {
        Map<String, String> environment();

        Table read() throws SQLException;

        static Target create(Dialect dialect) throws SQLException {
            return dialect == Dialect.POSTGRESQL ? new PostgresTarget(TestWarehouse.open(Dialect.POSTGRESQL)) : new DuckDbTarget();
        }
    }

    private record PostgresTarget(TestWarehouse warehouse) implements Target {
        @Override
        public Map<String, String> environment() {
            TestDatabases.Server server = TestDatabases.postgres();
            Map<String, String> env = new HashMap<>();
            env.put("WAREHOUSE_JDBC_URL", server.jdbcUrl());
            if (server.username() != null) {
                env.put("WAREHOUSE_USERNAME", server.username());
            }
            if (server.password() != null) {
                env.put("WAREHOUSE_PASSWORD", server.password());
            }
            env.put("WAREHOUSE_SCHEMA", warehouse.schema());
            return env;
        }

        @Override
        public Table read() throws SQLException {
            return Table.read(warehouse.warehouse());
        }

        @Override
        public void close() throws Exception {
            warehouse.close();
        }
    }

    private static final class DuckDbTarget implements Target {
        private final Path file = TestDatabases.freshDuckDbFile();
        private final String schema = TestDatabases.freshSchema();

        @Override
        public Map<String, String> environment() {
            return Map.of("WAREHOUSE_JDBC_URL", "jdbc:duckdb:" + file, "WAREHOUSE_SCHEMA", schema);
        }

        @Override
        public Table read() throws SQLException {
            try (Warehouse warehouse = Warehouse.open("jdbc:duckdb:" + file, null, null, schema)) {
                return Table.read(warehouse);
            }
        }

        @Override
        public void close() throws IOException {
            Path folder = file.getParent().getParent();
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
