package dev.operatorsync.cli;

import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Redactor;
import dev.operatorsync.config.Settings;
import dev.operatorsync.ops.GracefulShutdown;
import dev.operatorsync.ops.ServiceSettings;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Zero set-up: start the simulator, then run the service against it with the embedded DuckDB warehouse",
                "(data/demo.duckdb unless WAREHOUSE_JDBC_URL is set), syncing every 5 seconds and printing progress. Ctrl-C stops it.",
                "Like run, it serves health and metrics on management.port and the admin API on admin.http.port."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--conversations", description = "Conversations in the simulated history (default: ${DEFAULT-VALUE}).")
    int conversations = 2000;

    @Option(names = "--operators", description = "Simulated operators (default: ${DEFAULT-VALUE}).")
    int operators = 3;

    @Override
    public Integer call() throws Exception {
        config.requireRoutes();
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(conversations)
                .withOperators(operators).withArrivalsPerMinute(120);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options)) {
            simulator.useSystemClock();
            System.out.println("simulator listening at " + simulator.baseUrl());
            ConfigSource source = ConfigSource.load(config.configFile, System.getenv(), demoOverrides(simulator, options));
            Settings settings = ConfigOptions.validated(source);
            System.out.println("warehouse " + Redactor.maskUrlPassword(settings.jdbcUrl()) + ", schema " + settings.schema() + "; syncing every 5 seconds");
            ServiceSettings service = ServiceSettings.from(source);
            AdminSettings admin = AdminSettings.from(source);
            PortCheck.requireServicePorts(source, service, admin);
            try (Warehouse warehouse = ConfigOptions.openWarehouse(settings);
                 SyncEngine engine = SyncEngine.create(settings, source.nonSecretValues(), config.routesDir,
                         Clock.systemUTC(), warehouse, true, admin).serveManagement(service)) {
                engine.whenStarted(() -> ServiceBanner.lines(service, PortCheck.managementHost(source), admin, settings.schedule(),
                        Instant.now()).forEach(System.out::println));
                GracefulShutdown.onSignals(engine::requestStop, ConfigOptions.shutdownTimeout(source));
                ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "demo-progress");
                    t.setDaemon(true);
                    return t;
                });
                progress.scheduleAtFixedRate(() -> printRowCount(warehouse), 3, 5, TimeUnit.SECONDS);
                engine.runUntilStopped();
                progress.shutdownNow();
            }
        }
        return OperatorSync.OK;
    }

    private static Map<String, String> demoOverrides(OperatorApiSimulator simulator, SimulatorOptions options) {
        Map<String, String> overrides = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> overrides.put(k, System.getProperty(k)));
        overrides.put("operator.api.base-url", simulator.baseUrl().toString());
        overrides.put("operator.api.key", options.apiKey());
        overrides.put("operator.api.operator-ids", String.join(",", OperatorApiSimulator.operatorIds(options.operators())));
        overrides.put("sync.schedule", "0/5 * * * * ?");
        overrides.put("sync.settle-delay", "PT2S");
        overrides.put("sync.lookback", "PT1M");
        if (System.getenv("WAREHOUSE_JDBC_URL") == null && System.getProperty("warehouse.jdbc-url") == null) {
            overrides.put("warehouse.jdbc-url", "jdbc:duckdb:data/demo.duckdb");
        }
        return overrides;
    }

    private static void printRowCount(Warehouse warehouse) {
        try (Connection connection = warehouse.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(warehouse.sql("demo_conversation_counts"))) {
            rows.next();
            System.out.printf("conversations in the warehouse: %d (%d not yet final)%n", rows.getLong(1), rows.getLong(2));
        } catch (SQLException e) {
            System.out.println("cannot count the warehouse's rows yet: " + e.getMessage());
        }
    }
}
