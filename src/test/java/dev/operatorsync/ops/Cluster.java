package dev.operatorsync.ops;

import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestWarehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several {@code run} processes ({@code java -jar}) on one PostgreSQL schema against one in-test simulator, as three
 * replicas run in production, and what the warehouse says they did. Every request to the simulator takes
 * {@code pageDelay}, so a run lasts long enough to be killed in the middle.
 */
final class Cluster implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One {@code run} process; {@code adminPort} serves its admin API. */
    record Node(String id, CliProcess process, int managementPort, int adminPort) {
    }

    /** A row of {@code sync_runs}. */
    record Run(long runId, String kind, String status, Instant startedAt, Instant finishedAt, long pid, String error) {
    }

    private final OperatorApiSimulator simulator;
    private final SimulatorOptions options;
    private final TestWarehouse warehouse;
    private final String schedule;
    private final Duration checkinInterval;
    private final List<Node> nodes = new ArrayList<>();

    Cluster(OperatorApiSimulator simulator, SimulatorOptions options, TestWarehouse warehouse, String schedule,
            Duration checkinInterval, Duration pageDelay) {
        this.simulator = simulator;
        this.options = options;
        this.warehouse = warehouse;
        this.schedule = schedule;
        this.checkinInterval = checkinInterval;
        simulator.setFaults((request, n) -> {
            try {
                Thread.sleep(pageDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        });
    }

    Node start(String id) {
        Map<String, String> env = environment(id);
        int management = ServiceProcess.freePort();
        int admin = ServiceProcess.freePort();
        env.put("MANAGEMENT_PORT", Integer.toString(management));
        env.put("ADMIN_HTTP_PORT", Integer.toString(admin));
        Node node = new Node(id, CliProcess.start(id, env, "run"), management, admin);
        nodes.add(node);
        return node;
    }

    /** A one-off {@code sync} against the same API and warehouse, as a cron job beside the cluster runs it. */
    CliProcess sync(String id) {
        return CliProcess.start(id, environment(id), "sync");
    }

    private Map<String, String> environment(String id) {
        Map<String, String> env = new HashMap<>(ServiceProcess.postgres(warehouse.schema()));
        env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
        env.put("OPERATOR_API_KEY", options.apiKey());
        env.put("OPERATOR_IDS", String.join(",", OperatorApiSimulator.operatorIds(options.operators())));
        env.put("SYNC_SETTLE_DELAY", "PT0S");
        env.put("SYNC_SCHEDULE", schedule);
        env.put("OPERATOR_SYNC_INSTANCE_ID", id);
        env.put("CLUSTER_CHECKIN_INTERVAL", checkinInterval.toString());
        return env;
    }

    List<Node> alive() {
        return nodes.stream().filter(n -> n.process().isAlive()).toList();
    }

    Optional<Node> byPid(long pid) {
        return nodes.stream().filter(n -> n.process().pid() == pid).findFirst();
    }

    /** SIGKILL; returns when it is gone. */
    Instant kill(Node node) {
        Instant at = Instant.now();
        node.process().kill();
        return at;
    }

    /** Waits until every live node answers 200 on readiness, standbys included. */
    void awaitReady(Duration timeout) {
        for (Node node : alive()) {
            node.process().awaitWhileAlive(node.id() + " ready", timeout,
                    () -> ServiceProcess.get(node.managementPort(), "/observe/health/ready").status() == 200);
        }
    }

    /** Every node's output, for a failure message. */
    String output() {
        StringBuilder all = new StringBuilder();
        nodes.forEach(n -> all.append(n.process().output()).append('\n'));
        return all.toString();
    }

    List<Run> runs(String kind) throws SQLException {
        try (Connection c = warehouse.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT run_id, kind, status, started_at, finished_at, pid, error FROM sync_runs WHERE kind = ? ORDER BY run_id")) {
            ps.setString(1, kind);
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.sql.Timestamp finished = rs.getTimestamp(5);
                    runs.add(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            finished == null ? null : finished.toInstant(), rs.getLong(6), rs.getString(7)));
                }
            }
            return runs;
        }
    }

    /** The first sync run started at or after {@code since} by a process other than {@code pid}, once it has finished. */
    Optional<Run> finishedRunAfter(Instant since, long pid) throws SQLException {
        return runs("sync").stream().filter(r -> !r.startedAt().isBefore(since) && r.pid() != pid && r.finishedAt() != null)
                .findFirst();
    }

    /** A sync run that is running now, on a live node. */
    Optional<Node> nodeRunningASync() throws SQLException {
        return runs("sync").stream().filter(r -> "running".equals(r.status())).map(r -> byPid(r.pid()))
                .flatMap(Optional::stream).filter(n -> n.process().isAlive()).findFirst();
    }

    /**
     * Kills the node that is running a sync and returns how long it took until a survivor started a sync (one that
     * then finished): the time the schedule took to move.
     */
    Duration killTheRunningNodeAndMeasureFailover(Duration timeout) throws SQLException {
        Node victim = await("a node running a sync", timeout, this::nodeRunningASync);
        Instant killed = kill(victim);
        Run next = await("a sync on a survivor", timeout, () -> finishedRunAfter(killed, victim.process().pid()));
        return Duration.between(killed, next.startedAt());
    }

    /** The longest the schedule may take to move: a fire the lost node held waits for Quartz to notice the loss. */
    Duration failoverBound(Duration period) {
        Duration detection = checkinInterval.multipliedBy(2).plusMillis(7500);
        return detection.compareTo(period) > 0 ? detection : period;
    }

    interface Probe<T> {
        Optional<T> get() throws SQLException;
    }

    /** Polls {@code probe} until it finds something; fails with every node's output after {@code timeout}. */
    <T> T await(String what, Duration timeout, Probe<T> probe) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "\n" + output());
            }
            try {
                Thread.sleep(50); // polling interval; the loop waits for the condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** POST /api/backfills on the node; returns the response body. */
    static String submitBackfill(Node node, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/api/backfills"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new AssertionError("POST /api/backfills answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The values of one row of a query with one bound long, as strings. */
    List<String> row(String sql, long id) throws SQLException {
        try (Connection c = warehouse.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> values = new ArrayList<>();
                if (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        values.add(rs.getString(i));
                    }
                }
                return values;
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.process().close());
    }
}
