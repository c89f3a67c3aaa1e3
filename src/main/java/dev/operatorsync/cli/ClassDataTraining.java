package dev.operatorsync.cli;

import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the class-data-sharing archive that {@code bin/operator-sync} starts the JVM with: run under
 * {@code -XX:ArchiveClassesAtExit}, it loads the classes the short commands need (a sync against a local simulator
 * into a throw-away DuckDB file, the same sync with nothing to do, {@code check}, {@code state show},
 * {@code dead-letters list}), and the JVM writes them to the archive when it exits. Run from the folder holding
 * {@code config/} and {@code routes/}; exit 1 when a command did not succeed, so a broken archive is never installed.
 */
public final class ClassDataTraining {
    private static final List<List<String>> COMMANDS = List.of(List.of("sync"), List.of("sync"), List.of("check"),
            List.of("state", "show"), List.of("dead-letters", "list"));

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("operator-sync-cds-training");
        SimulatorOptions options = SimulatorOptions.defaults().withConversations(300);
        int failed = 0;
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options)) {
            System.setProperty("operator.api.base-url", simulator.baseUrl().toString());
            System.setProperty("operator.api.key", options.apiKey());
            System.setProperty("operator.api.version", "2024-11-11");
            System.setProperty("operator.api.operator-ids", String.join(",", OperatorApiSimulator.operatorIds(options.operators())));
            System.setProperty("warehouse.jdbc-url", "jdbc:duckdb:" + dir.resolve("training.duckdb"));
            System.setProperty("warehouse.schema", "operator_sync");
            for (List<String> command : COMMANDS) {
                String[] line = command.toArray(String[]::new);
                int exit = OperatorSync.commandLine(line).execute(line);
                if (exit != OperatorSync.OK) {
                    System.err.println("class-data training: " + String.join(" ", command) + " exited " + exit);
                    failed++;
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.exit(failed == 0 ? OperatorSync.OK : OperatorSync.FAILED);
    }
}
