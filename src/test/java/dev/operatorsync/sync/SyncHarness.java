package dev.operatorsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Settings;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.DeadLetterFilter;
import dev.operatorsync.warehouse.ReconcileRecord;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StoredDeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real routes and beans, in process, against the simulator and a fresh test warehouse. The sync's
 * clock is the simulator's, so a test moves time for both at once.
 */
final class SyncHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration SETTLE = Duration.ofMinutes(1);

    final TestWarehouse warehouse;
    final OperatorApiSimulator simulator;
    final ApiVersion version;
    final Settings settings;
    private final SyncEngine engine;

    private SyncHarness(TestWarehouse warehouse, OperatorApiSimulator simulator, ApiVersion version, Settings settings, SyncEngine engine) {
        this.warehouse = warehouse;
        this.simulator = simulator;
        this.version = version;
        this.settings = settings;
        this.engine = engine;
    }

    static SyncHarness start(Dialect dialect, ApiVersion version, SimulatorOptions options, Map<String, String> config) throws Exception {
        return start(dialect, version, options, config, false);
    }

    /** {@code scheduled}: include the Quartz route, as the {@code run} command does. */
    static SyncHarness start(Dialect dialect, ApiVersion version, SimulatorOptions options, Map<String, String> config,
                             boolean scheduled) throws Exception {
        TestWarehouse warehouse = TestWarehouse.open(dialect);
        OperatorApiSimulator simulator = OperatorApiSimulator.start(options);
        Map<String, String> overrides = new HashMap<>();
        overrides.put("operator.api.base-url", simulator.baseUrl().toString());
        overrides.put("operator.api.key", options.apiKey());
        overrides.put("operator.api.version", version.header());
        overrides.put("operator.api.operator-ids", operatorIds(options.operators()));
        overrides.put("warehouse.jdbc-url", warehouse.jdbcUrl());
        overrides.put("warehouse.schema", warehouse.schema());
        overrides.put("sync.settle-delay", SETTLE.toString());
        overrides.putAll(config);
        ConfigSource source = ConfigSource.load(Path.of("config", "application.properties"), Map.of(), overrides);
        Settings settings = Settings.from(source);
        SyncEngine engine = SyncEngine.create(settings, source.nonSecretValues(), Path.of("routes"),
                simulator.clock().asClock(), warehouse.warehouse(), scheduled).start();
        return new SyncHarness(warehouse, simulator, version, settings, engine);
    }

    static String operatorIds(int operators) {
        return String.join(",", OperatorApiSimulator.operatorIds(operators));
    }

    RunRecord sync() throws Exception {
        return engine.syncOnce();
    }

    /** A reconcile of [from, to) (from null: everything; to null: now minus the settle delay) in windows of a day. */
    ReconcileRecord reconcile(Instant from, Instant to) throws Exception {
        Reconciles reconciles = engine.reconciles();
        return engine.reconcile(new ReconcileRequest(from, to == null ? reconciles.defaultTo() : to, reconciles.settings().window()));
    }

    RunRecord replay(List<StoredDeadLetter> letters) throws Exception {
        return engine.replay(letters);
    }

    List<StoredDeadLetter> deadLetters() throws SQLException {
        return warehouse.warehouse().deadLetters().list(new DeadLetterFilter(null, null, null, null, null));
    }

    SyncEngine engine() {
        return engine;
    }

    /** Every object the API lists now, by id. */
    Map<String, String> apiListing() {
        Map<String, String> byId = new LinkedHashMap<>();
        if (version.perOperator()) {
            for (String operatorId : settings.operatorIds()) {
                simulator.listing(version, operatorId).forEach(raw -> byId.put(field(raw, "id"), raw));
            }
        } else {
            simulator.listing(version, null).forEach(raw -> byId.put(field(raw, "id"), raw));
        }
        return byId;
    }

    /** The listing restricted to what a sync whose windows end at {@code end} must hold. */
    static Map<String, String> createdBefore(Map<String, String> listing, Instant end) {
        Map<String, String> kept = new LinkedHashMap<>();
        listing.forEach((id, raw) -> {
            if (Instant.parse(field(raw, "created_at")).isBefore(end)) {
                kept.put(id, raw);
            }
        });
        return kept;
    }

    static String field(String raw, String name) {
        try {
            JsonNode node = JSON.readTree(raw);
            return node.path(name).isNull() ? null : node.path(name).asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** id → the given column as text, for every row of {@code conversations}. */
    Map<String, String> column(String column) throws SQLException {
        Map<String, String> values = new HashMap<>();
        try (Connection connection = warehouse.warehouse().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, CAST(" + column + " AS VARCHAR) FROM conversations")) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getString(2));
            }
        }
        return values;
    }

    long count(String sql) throws SQLException {
        try (Connection connection = warehouse.warehouse().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        engine.close();
        simulator.close();
        warehouse.close();
    }
}
