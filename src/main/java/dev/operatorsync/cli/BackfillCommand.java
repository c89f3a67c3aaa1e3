package dev.operatorsync.cli;

import dev.operatorsync.config.BackfillSettings;
import dev.operatorsync.config.Settings;
import dev.operatorsync.sync.BackfillConflictException;
import dev.operatorsync.sync.BackfillJob;
import dev.operatorsync.sync.BackfillRequest;
import dev.operatorsync.sync.BadRequestException;
import dev.operatorsync.sync.LoadPools;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Load the conversations created in [--from, --to) in windows, through the same page path as the sync.",
                "Each window's progress is committed with its rows: killed and started again with the same arguments (or --resume ID),",
                "it continues at the first unfinished window and page. It never reads or moves the live watermarks, and may run beside `run`.",
                "SIGINT or SIGTERM stops it within seconds at its last committed page (exit 130 or 143); --resume ID continues it.",
                "Exit status: 0 success, 1 the backfill failed (or another backfill of the operator is running), 2 bad usage,",
                "3 finished but records were dead-lettered."})
final class BackfillCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--from", paramLabel = "T", description = "Start, inclusive: an ISO-8601 date (2024-01-31, midnight UTC) or instant (2024-01-31T12:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End, exclusive, in the same formats as --from.")
    String to;

    @Option(names = "--operator", paramLabel = "ID", description = "Only this operator (2024-11-11; default every configured operator).")
    String operator;

    @Option(names = "--window", paramLabel = "DURATION", description = "Length of each window, ISO-8601 (default: backfill.window, P1D).")
    String window;

    @Option(names = "--parallel", paramLabel = "N", description = "Windows loaded at once, 1 to 64 (default: backfill.parallel, or what the machine suits).")
    Integer parallel;

    @Option(names = "--resume", paramLabel = "ID", description = "Continue backfill ID (as printed at its start and listed by GET /api/backfills) with its own arguments.")
    Long resume;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings().requireApiKey();
        config.requireRoutes();
        Map<String, String> camelProperties = new TreeMap<>(config.source().nonSecretValues());
        BackfillRequest request;
        Duration interval;
        try {
            if (parallel != null) {
                camelProperties.put("backfill.parallel", parallel.toString());
            }
            Settings.parallelism("backfill.parallel", camelProperties.get("backfill.parallel"), LoadPools.backfillDefault());
            BackfillSettings defaults = BackfillSettings.from(config.source());
            interval = defaults.progressInterval();
            request = resume != null ? null : parse(settings, defaults.window().toString());
        } catch (BadRequestException e) {
            System.err.println("backfill: " + e.getMessage());
            return OperatorSync.BAD_CONFIGURATION;
        }
        try (Warehouse warehouse = ConfigOptions.openWarehouse(settings);
             SyncEngine engine = SyncEngine.create(settings, camelProperties, config.routesDir, Clock.systemUTC(), warehouse, false).start()) {
            BackfillJob job;
            try {
                job = engine.backfills().prepare(request, resume, "cli");
            } catch (BadRequestException e) {
                System.err.println("backfill: " + e.getMessage());
                return OperatorSync.BAD_CONFIGURATION;
            } catch (BackfillConflictException e) {
                System.err.println("backfill: " + e.getMessage());
                return OperatorSync.FAILED;
            }
            BackfillJob.Progress start = job.progress();
            System.out.printf("backfill %d %s: run %d, %d windows, %d to load (if interrupted, start it again with the same arguments or --resume %d)%n",
                    job.backfillId(), job.request().describe(), job.run().runId(), start.windows(), job.toLoad(), job.backfillId());
            Interruption interruption = Interruption.install(engine, warehouse);
            RunRecord run = null;
            try (BackfillProgress progress = new BackfillProgress(job, System.out, System.console() != null, interval)) {
                run = engine.backfill(job);
            } catch (Exception e) {
                if (!interruption.happened()) {
                    throw e;
                }
            }
            if (run != null) {
                System.out.println(RunSummary.line(run));
            }
            if (interruption.happened()) {
                return interruption.report("backfill " + job.backfillId() + " stopped at its last committed page, closed as failed; "
                        + "continue it with `backfill --resume " + job.backfillId() + "` (or the same arguments)");
            }
            return SyncCommand.exitCode(run);
        }
    }

    private BackfillRequest parse(Settings settings, String defaultWindow) {
        if (from == null || to == null) {
            throw new BadRequestException("--from and --to are required (or --resume ID): " + "ISO-8601 dates (2024-01-31) or instants (2024-01-31T12:00:00Z)");
        }
        return BackfillRequest.parse(from, to, operator, window != null ? window : defaultWindow, settings);
    }
}
