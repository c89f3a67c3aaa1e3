package dev.operatorsync.cli;

import dev.operatorsync.config.Settings;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.Warehouse;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Run one incremental sync of every configured stream, then exit (for cron, Kubernetes CronJob, CI).",
                "SIGINT or SIGTERM stops it within seconds at its last committed page (exit 130 or 143); the next sync resumes there.",
                "Exit status: 0 success, 1 the sync failed, 2 bad configuration, 3 finished but records were dead-lettered."})
final class SyncCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings().requireApiKey();
        config.requireRoutes();
        try (Warehouse warehouse = ConfigOptions.openWarehouse(settings);
             SyncEngine engine = SyncEngine.create(settings, config.source().nonSecretValues(), config.routesDir,
                     Clock.systemUTC(), warehouse, false).start()) {
            Interruption interruption = Interruption.install(engine, warehouse);
            RunRecord run;
            try {
                run = engine.syncOnce();
            } catch (Exception e) {
                if (!interruption.happened()) {
                    throw e;
                }
                run = null;
            }
            if (run != null) {
                System.out.println(RunSummary.line(run));
            }
            if (interruption.happened()) {
                return interruption.report("the sync stopped at its last committed page, its run closed as failed; "
                        + "the next `sync` (or `run`) resumes every stream there");
            }
            return exitCode(run);
        }
    }

    static int exitCode(RunRecord run) {
        if (!"succeeded".equals(run.status())) {
            return OperatorSync.FAILED;
        }
        return run.counts().deadLettered() > 0 ? OperatorSync.DEAD_LETTERED : OperatorSync.OK;
    }
}
