package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/operator-sync} as the image, the CronJob and the systemd unit run it: it finds the jar, makes its
 * class-data archive beside it on the first run, and the JVM really maps that archive ({@code -Xshare:on} refuses to
 * start otherwise), without a word on standard output.
 */
class LauncherIT {
    /** The first call may make the archive: a training run of several JVM-seconds, on a busy machine far more. */
    private static final Duration FIRST_RUN = Duration.ofMinutes(5);
    private static final Map<String, String> ARCHIVE_REQUIRED = Map.of("OPERATOR_SYNC_JAVA_OPTS", "-Xshare:on");

    @TempDir
    Path folder;

    @Test
    void versionRunsOnTheArchiveMadeBesideTheJar() throws Exception {
        try (CliProcess launcher = CliProcess.startLauncher("launcher-version", ARCHIVE_REQUIRED, "--version")) {
            assertEquals(0, launcher.exitCode(FIRST_RUN), launcher.output());
            assertTrue(launcher.stdout().matches("operator-sync \\S+\\R"), "only the version on stdout: " + launcher.output());
        }
        Path jar = CliProcess.jar();
        try (Stream<Path> files = Files.list(jar.getParent())) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("operator-sync-\\d+\\.jsa")).toList();
            assertTrue(archives.stream().anyMatch(a -> a.toFile().lastModified() >= jar.toFile().lastModified()),
                    "a fresh archive beside the jar: " + archives);
        }
    }

    @Test
    void aSyncWithNothingToDoRunsThroughTheLauncher() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withConversations(200).withOperators(2);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options)) {
            Map<String, String> env = Map.of(
                    "OPERATOR_API_BASE_URL", simulator.baseUrl().toString(),
                    "OPERATOR_API_KEY", options.apiKey(),
                    "OPERATOR_IDS", "op_1,op_2",
                    "WAREHOUSE_JDBC_URL", "jdbc:duckdb:" + folder.resolve("warehouse.duckdb"),
                    "SYNC_SETTLE_DELAY", "PT0S",
                    "OPERATOR_SYNC_JAVA_OPTS", "-Xshare:on");
            try (CliProcess first = CliProcess.startLauncher("launcher-sync", env, "sync")) {
                assertEquals(0, first.exitCode(FIRST_RUN), first.output());
            }
            try (CliProcess again = CliProcess.startLauncher("launcher-resync", env, "sync")) {
                assertEquals(0, again.exitCode(Duration.ofMinutes(2)), again.output());
                assertTrue(again.stdout().contains(" 0 inserted, 0 updated"), "nothing to do: " + again.output());
            }
        }
    }
}
