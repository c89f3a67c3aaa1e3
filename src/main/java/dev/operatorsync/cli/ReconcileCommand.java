package dev.operatorsync.cli;

import dev.operatorsync.config.Settings;
import dev.operatorsync.sync.BadRequestException;
import dev.operatorsync.sync.ReconcileRequest;
import dev.operatorsync.sync.Reconciles;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.warehouse.ReconcileRecord;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.Warehouse;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compare the table with what the API lists over a created_at range, window by window, through the same page path",
                "as the sync: load the conversations the table is missing (never over a newer row), and for each row the API no longer",
                "lists ask GET /conversations/{id}: 404 sets _deleted_at, 200 writes what it serves, anything else is dead-lettered",
                "and the row stays. A conversation listed again clears _deleted_at. It never moves a watermark and may run beside `run`;",
                "killed, run it again. One sync_runs row of kind reconcile says what it found.",
                "Exit status: 0 success, 1 the reconcile failed, 2 bad usage, 3 finished but requests or records were dead-lettered."})
final class ReconcileCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--from", paramLabel = "T", description = "Start, inclusive: an ISO-8601 date (2024-01-31, midnight UTC) or instant (default: everything).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End, exclusive, in the same formats (default: now minus sync.settle-delay, or the live sync's oldest created_at watermark if older).")
    String to;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings().requireApiKey();
        config.requireRoutes();
        try (Warehouse warehouse = ConfigOptions.openWarehouse(settings);
             SyncEngine engine = SyncEngine.create(settings, config.source().nonSecretValues(), config.routesDir,
                     Clock.systemUTC(), warehouse, false).start()) {
            Reconciles reconciles = engine.reconciles();
            ReconcileRequest request;
            try {
                request = ReconcileRequest.parse(from, to, reconciles.defaultTo(), reconciles.settings().window());
            } catch (BadRequestException e) {
                System.err.println("reconcile: " + e.getMessage());
                return OperatorSync.BAD_CONFIGURATION;
            }
            ReconcileRecord found = engine.reconcile(request);
            RunRecord run = warehouse.runLedger().find(found.runId()).orElseThrow();
            System.out.println(RunSummary.line(run));
            System.out.printf("reconcile over %s: %d listed, %d missing and loaded, %d deleted, %d restored%n", request.describe(),
                    found.listed(), found.missing(), found.deleted(), found.restored());
            return SyncCommand.exitCode(run);
        }
    }
}
