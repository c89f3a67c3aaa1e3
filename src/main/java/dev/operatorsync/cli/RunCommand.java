package dev.operatorsync.cli;

import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.config.Settings;
import dev.operatorsync.ops.GracefulShutdown;
import dev.operatorsync.ops.ServiceSettings;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.warehouse.Warehouse;
import dev.operatorsync.webhook.WebhookSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the service: Quartz fires the incremental sync on sync.schedule (UTC) until SIGTERM,",
                "and a reconcile of the last reconcile.range on reconcile.schedule.",
                "A page in flight at SIGTERM commits or rolls back; nothing committed is lost.",
                "Health and metrics on management.port: <management.path>/health (/live, /ready) and <management.path>/metrics.",
                "Serves the admin API (POST/GET /api/backfills) on admin.http.host:admin.http.port; off the loopback address it requires ADMIN_TOKEN.",
                "At start it prints where it listens and when the next sync fires; a port already in use is exit 2, naming its key.",
                "With webhook.port set, also serves POST /webhooks/operator there (signed with OPERATOR_WEBHOOK_SECRET).",
                "Exit status: 0 stopped cleanly, 1 failed, 2 bad configuration."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings().requireApiKey();
        config.requireRoutes();
        ServiceSettings service = ServiceSettings.from(config.source());
        AdminSettings admin = AdminSettings.from(config.source());
        PortCheck.requireServicePorts(config.source(), service, admin);
        Optional<WebhookSettings> webhooks = WebhookSettings.from(config.source());
        webhooks.ifPresent(w -> w.requireOwnPort(admin.port(), service.managementPort()));
        try (Warehouse warehouse = ConfigOptions.openWarehouse(settings);
             SyncEngine engine = SyncEngine.create(settings, config.source().nonSecretValues(), config.routesDir,
                     Clock.systemUTC(), warehouse, true, admin).serveManagement(service)) {
            webhooks.ifPresent(engine::serveWebhooks);
            engine.whenStarted(() -> ServiceBanner.lines(service, PortCheck.managementHost(config.source()), admin,
                    settings.schedule(), Instant.now()).forEach(System.out::println));
            GracefulShutdown.onSignals(engine::requestStop, ConfigOptions.shutdownTimeout(config.source()));
            engine.runUntilStopped();
        }
        return OperatorSync.OK;
    }
}
