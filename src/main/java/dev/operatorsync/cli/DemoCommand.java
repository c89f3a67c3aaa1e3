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
import dev.operatorsync.webhook.WebhookSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
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
            WebhookSettings webhooks = WebhookSettings.from(source).orElseThrow();
            System.out.println("webhooks at " + webhooks.publicUrl() + ": the simulator posts an event as each conversation appears, ends"
                    + " and is post-processed, and its row changes within a second");
            try (Warehouse warehouse = ConfigOptions.openWarehouse(settings);
                 SyncEngine engine = SyncEngine.create(settings, source.nonSecretValues(), config.routesDir,
                         Clock.systemUTC(), warehouse, true, admin).serveManagement(service).serveWebhooks(webhooks)) {
                engine.whenStarted(() -> ServiceBanner.lines(service, PortCheck.managementHost(source), admin, settings.schedule(),
                        Instant.now()).forEach(System.out::println));
                GracefulShutdown.onSignals(engine::requestStop, ConfigOptions.shutdownTimeout(source));
                ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "demo-progress");
                    t.setDaemon(true);
                    return t;
                });
                progress.scheduleAtFixedRate(() -> printRowCount(warehouse), 3, 5, TimeUnit.SECONDS);
                simulator.sendWebhooks(URI.create(webhooks.publicUrl()), webhooks.secret().reveal(), 0);
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
        // Every minute over the last hour, so a newcomer sees the conversations the simulator deletes marked in _deleted_at.
        overrides.put("reconcile.schedule", "30 * * * * ?");
        overrides.put("reconcile.range", "PT1H");
        overrides.put("reconcile.window", "PT10M");
        // The receiver on this machine only, on a free port unless one is configured; the secret is the demo's own.
        if (System.getenv("WEBHOOK_PORT") == null && System.getProperty("webhook.port") == null) {
            overrides.put("webhook.port", Integer.toString(freePort()));
        }
        overrides.put("webhook.host", "127.0.0.1");
        overrides.put("operator.webhook.secret", UUID.randomUUID().toString());
        if (System.getenv("WAREHOUSE_JDBC_URL") == null && System.getProperty("warehouse.jdbc-url") == null) {
            overrides.put("warehouse.jdbc-url", "jdbc:duckdb:data/demo.duckdb");
        }
        return overrides;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the demo's webhook receiver", e);
        }
    }

    /** What the webhooks did since the last line: the events whose rows were written, and how soon after they arrived. */
    private static void printWebhooks(Connection connection, Warehouse warehouse) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(warehouse.sql("demo_webhook_latency"))) {
            select.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    System.out.printf("  webhooks: %d events in the last 5 s, each row committed %.2f s after its event arrived (mean)%n",
                            rows.getLong(1), rows.getDouble(2));
                }
            }
        }
    }

    private static void printRowCount(Warehouse warehouse) {
        try (Connection connection = warehouse.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(warehouse.sql("demo_conversation_counts"))) {
            rows.next();
            System.out.printf("conversations in the warehouse: %d (%d not yet final, %d deleted by the API)%n", rows.getLong(1),
                    rows.getLong(2), rows.getLong(3));
            printWebhooks(connection, warehouse);
        } catch (SQLException e) {
            System.out.println("cannot count the warehouse's rows yet: " + e.getMessage());
        }
    }
}
