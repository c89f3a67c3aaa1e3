package dev.operatorsync.cli;

import dev.operatorsync.config.Settings;
import dev.operatorsync.sync.BackfillRequest;
import dev.operatorsync.sync.BadRequestException;
import dev.operatorsync.warehouse.StateControl;
import dev.operatorsync.warehouse.StreamState;
import dev.operatorsync.warehouse.Warehouse;
import java.io.Console;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Rewind the watermarks so the next sync reloads from there: to --to T (a watermark already before T stays),",
                "or, without --to, to the beginning (sync.start, else everything the API lists). An interrupted window is dropped.",
                "Asks for confirmation on a terminal; off a terminal (a script, cron) it needs --yes. Refused while a sync is running.",
                "Exit status: 0 done (or declined), 1 a sync holds the streams, 2 bad usage or configuration (or no --yes off a terminal)."})
final class StateResetCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--operator", paramLabel = "ID", description = "Only this operator's streams (2024-11-11; default every stream).")
    String operator;

    @Option(names = "--to", paramLabel = "T", description = "Rewind to this ISO-8601 date (2024-01-31, midnight UTC) or instant (2024-01-31T12:00:00Z).")
    String to;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings();
        Instant target;
        try {
            target = to == null ? null : BackfillRequest.instant("--to", to);
            BackfillRequest.operator(operator, settings);
        } catch (BadRequestException e) {
            System.err.println("state reset: " + e.getMessage());
            return OperatorSync.BAD_CONFIGURATION;
        }
        Console console = System.console();
        if (!yes && console == null) {
            System.err.println("state reset: there is no terminal to confirm on; nothing changed. Pass --yes to rewind without asking.");
            return OperatorSync.BAD_CONFIGURATION;
        }
        try (Warehouse warehouse = ConfigOptions.openWarehouse(settings)) {
            List<String> streams = warehouse.stateStore().all().stream()
                    .filter(s -> operator == null || operator.equals(s.operatorId()))
                    .map(StreamState::streamId).toList();
            if (streams.isEmpty()) {
                System.out.println("no streams to reset" + (operator == null ? "" : " for " + operator));
                return OperatorSync.OK;
            }
            String what = streams.size() + " stream(s)" + (operator == null ? "" : " of " + operator) + " to "
                    + (target == null ? "the beginning" : target.toString());
            if (!yes) {
                String answer = console.readLine("Rewind %s? The next sync reloads that range. [y/N] ", what);
                if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                    System.out.println("nothing changed");
                    return OperatorSync.OK;
                }
            }
            warehouse.runLedger().closeAbandoned();
            try {
                int moved = warehouse.stateControl().reset(streams, target);
                String to = target == null ? "the beginning" : target.toString();
                if (moved == 0) {
                    System.out.println("nothing moved: every stream" + (operator == null ? "" : " of " + operator) + " is already at or before " + to);
                    return OperatorSync.OK;
                }
                System.out.println("rewound " + moved + " stream(s)" + (operator == null ? "" : " of " + operator) + " to " + to
                        + "; the next sync reloads from there" + (moved == streams.size() ? ""
                        : "; " + (streams.size() - moved) + " already at or before it did not move"));
                return OperatorSync.OK;
            } catch (StateControl.StreamsHeldException e) {
                System.err.println("state reset: " + e.getMessage());
                return OperatorSync.FAILED;
            }
        }
    }
}
