package dev.operatorsync.sync;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.Faults;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.FaultyTcpProxy;
import dev.operatorsync.testing.PostgresBehindProxy;
import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One trial of guarantee 8: a simulator on a frozen clock (its truth does not move) whose pages are slowed so a
 * sync lasts a few seconds, and a fresh PostgreSQL schema that {@code java -jar} children reach only through a
 * {@link FaultyTcpProxy}. The test itself connects straight to the server, to read the tables, look at the
 * server's sessions and hold locks.
 */
final class WarehouseFaultTrial implements AutoCloseable {
    final ApiVersion version;
    final SimulatorOptions options;
    final OperatorApiSimulator simulator;
    final String schema = TestDatabases.freshSchema();
    private final PostgresBehindProxy postgres;
    private final TestDatabases.Server server = TestDatabases.postgres();

    private WarehouseFaultTrial(ApiVersion version, SimulatorOptions options, OperatorApiSimulator simulator) {
        this.version = version;
        this.options = options;
        this.simulator = simulator;
        this.postgres = PostgresBehindProxy.inFrontOf(server.jdbcUrl());
    }

    /** @param slowPage how long the simulator delays every page, so faults land while a sync is under way */
    static WarehouseFaultTrial start(ApiVersion version, SimulatorOptions options, Duration slowPage) throws IOException {
        OperatorApiSimulator simulator = OperatorApiSimulator.start(options);
        if (!slowPage.isZero()) {
            simulator.setFaults(new Faults(simulator.clock()).atRate(Faults.Kind.SLOW, 1.0, 1L).waiting(slowPage));
        }
        return new WarehouseFaultTrial(version, options, simulator);
    }

    FaultyTcpProxy proxy() {
        return postgres.proxy();
    }

    /** The variables of a child that syncs this simulator into this schema, through the proxy. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
        env.put("OPERATOR_API_KEY", options.apiKey());
        env.put("OPERATOR_API_VERSION", version.header());
        if (version.perOperator()) {
            env.put("OPERATOR_IDS", SyncHarness.operatorIds(options.operators()));
        }
        env.put("WAREHOUSE_JDBC_URL", postgres.jdbcUrl());
        if (server.username() != null) {
            env.put("WAREHOUSE_USERNAME", server.username());
        }
        if (server.password() != null) {
            env.put("WAREHOUSE_PASSWORD", server.password());
        }
        env.put("WAREHOUSE_SCHEMA", schema);
        // The simulator's history lies before its frozen "now": windows ending at the child's now cover all of it.
        env.put("SYNC_SETTLE_DELAY", "PT0S");
        env.put("SYNC_RETRY_BASE_DELAY_MS", "200");
        env.put("SYNC_RETRY_MAX_DELAY_MS", "2000");
        // Issue 11's own retries of warehouse failures: quick, and enough of them to outlast a few seconds down.
        env.put("WAREHOUSE_RETRY_MAX_ATTEMPTS", "10");
        env.put("WAREHOUSE_RETRY_BASE_DELAY_MS", "200");
        env.put("WAREHOUSE_RETRY_MAX_DELAY_MS", "2000");
        env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
        env.put("ADMIN_HTTP_PORT", Integer.toString(freePort()));
        return env;
    }

    /** Creates and migrates the schema straight on the server, as an earlier run would have. */
    void migrate() throws SQLException {
        try (Warehouse warehouse = Warehouse.open(server.jdbcUrl(), server.username(), server.password(), schema)) {
            warehouse.migrate();
        }
    }

    /** A connection straight to the server, never through the proxy. */
    Connection direct() throws SQLException {
        Properties properties = new Properties();
        if (server.username() != null) {
            properties.setProperty("user", server.username());
        }
        if (server.password() != null) {
            properties.setProperty("password", server.password());
        }
        return DriverManager.getConnection(server.jdbcUrl(), properties);
    }

    /** What the API lists now: id to the object exactly as the list endpoint serves it. */
    Map<String, String> truth() {
        Map<String, String> listing = new HashMap<>();
        if (version.perOperator()) {
            for (String operator : OperatorApiSimulator.operatorIds(options.operators())) {
                simulator.listing(version, operator).forEach(raw -> listing.put(SyncHarness.field(raw, "id"), raw));
            }
        } else {
            simulator.listing(version, null).forEach(raw -> listing.put(SyncHarness.field(raw, "id"), raw));
        }
        return listing;
    }

    /** The schema as it is now; empty while no child has created it. */
    Snapshot read() throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + schema + ".conversations') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new Snapshot(Map.of(), List.of(), Map.of(), 0);
                }
            }
            Map<String, String> raw = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT id, CAST(_raw AS text) FROM " + schema + ".conversations")) {
                while (rs.next()) {
                    raw.put(rs.getString(1), rs.getString(2));
                }
            }
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT run_id, kind, status, error FROM " + schema + ".sync_runs ORDER BY run_id")) {
                while (rs.next()) {
                    runs.add(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            Map<String, String> streams = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT stream_id, watermark IS NOT NULL, resume_cursor IS NULL FROM "
                    + schema + ".sync_state")) {
                while (rs.next()) {
                    streams.put(rs.getString(1), (rs.getBoolean(2) ? "watermark set" : "no watermark")
                            + ", " + (rs.getBoolean(3) ? "no resume cursor" : "resume cursor left"));
                }
            }
            long deadLetters;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".dead_letters")) {
                rs.next();
                deadLetters = rs.getLong(1);
            }
            return new Snapshot(raw, runs, streams, deadLetters);
        }
    }

    /** The server's sessions that came through the proxy and are forwarding now (the children's live ones). */
    List<Session> liveSessions() throws SQLException {
        return sessions(proxy().forwardingServerPorts());
    }

    /** The sessions whose client side {@link FaultyTcpProxy#cutClientSideOnly()} cut and the server still keeps. */
    List<Session> halfOpenSessions() throws SQLException {
        return sessions(proxy().halfOpenServerPorts());
    }

    private List<Session> sessions(List<Integer> clientPorts) throws SQLException {
        if (clientPorts.isEmpty()) {
            return List.of();
        }
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(
                "SELECT a.pid, a.state, a.wait_event_type, EXTRACT(EPOCH FROM now() - a.query_start), "
                        + "(SELECT count(*) FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'advisory'), "
                        + "(SELECT count(*) > 0 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'transactionid') "
                        + "FROM pg_stat_activity a WHERE a.client_addr IS NOT NULL AND a.client_port = ANY(?)")) {
            Array ports = c.createArrayOf("integer", clientPorts.toArray());
            ps.setArray(1, ports);
            List<Session> sessions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(new Session(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getInt(5), rs.getBoolean(6)));
                }
            }
            return sessions;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            postgres.close();
            simulator.close();
        } finally {
            try (Connection c = direct(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Run(long runId, String kind, String status, String error) {
    }

    /**
     * A server session of a child.
     *
     * @param lockWaitSeconds    how long its current statement has run, when it waits on a lock ({@code waitEventType} Lock)
     * @param advisoryLocks      advisory locks it holds (the migration lock)
     * @param wrote              its transaction has written (holds a transaction id), so it holds the locks of what it wrote
     */
    record Session(int pid, String state, String waitEventType, double lockWaitSeconds, int advisoryLocks, boolean wrote) {
        boolean waitsOnLock() {
            return "Lock".equals(waitEventType);
        }
    }

    record Snapshot(Map<String, String> conversations, List<Run> runs, Map<String, String> streams, long deadLetters) {
        long lastRunId() {
            return runs.isEmpty() ? 0 : runs.get(runs.size() - 1).runId();
        }

        List<Run> runsAfter(long runId) {
            return runs.stream().filter(r -> r.runId() > runId).toList();
        }

        /** The ids of {@code truth} not in the table, or in it with another {@code _raw}. */
        List<String> missingFrom(Map<String, String> truth) {
            List<String> missing = new ArrayList<>();
            truth.forEach((id, raw) -> {
                if (!raw.equals(conversations.get(id))) {
                    missing.add(id);
                }
            });
            return missing;
        }
    }
}
