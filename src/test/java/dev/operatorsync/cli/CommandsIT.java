package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The commands as a user, a cron job or a script sees them: real processes, exit codes from System.exit,
 * configuration from environment variables only. The children of a test start together, so the class
 * costs about one JVM start per test rather than per case.
 */
class CommandsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A key only this run knows; it must never be printed by a child. */
    private static final String SENTINEL = "op_test_SENTINEL_" + UUID.randomUUID().toString().replace("-", "");

    private OperatorApiSimulator simulator;
    private final List<CliProcess> children = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();

    @BeforeEach
    void startSimulator() throws IOException {
        simulator = OperatorApiSimulator.start(SimulatorOptions.defaults().withPort(0).withConversations(200)
                .withOperators(2).withApiKey(SENTINEL));
    }

    @AfterEach
    void stopEverything() throws IOException {
        children.forEach(CliProcess::close);
        simulator.close();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Test
    void every_command_prints_its_usage_on_help_and_exits_0() {
        Map<String, CliProcess> started = new LinkedHashMap<>();
        for (String command : List.of("run", "sync", "check", "simulator", "demo")) {
            started.put(command, start(command + "-help", Map.of(), command, "--help"));
        }
        assertAll(started.entrySet().stream().map(e -> (Executable) () -> {
            CliProcess child = e.getValue();
            assertEquals(0, child.exitCode(TIMEOUT), child.output());
            String usage = "Usage: operator-sync " + e.getKey();
            assertTrue(child.stdout().contains(usage), "'" + usage + "' expected\n" + child.output());
        }));
    }

    @Test
    void each_bad_configuration_exits_2_with_a_message_naming_the_key() {
        record Case(String name, String key, Map<String, String> env, String... args) {
        }
        List<Case> cases = List.of(
                new Case("sync-without-key", "operator.api.key", without(good(), "OPERATOR_API_KEY"), "sync"),
                new Case("check-unsupported-version", "operator.api.version", with(good(), "OPERATOR_API_VERSION", "2023-01-01"), "check"),
                new Case("sync-2024-11-11-without-operators", "operator.api.operator-ids",
                        with(without(good(), "OPERATOR_IDS"), "OPERATOR_API_VERSION", "2024-11-11"), "sync"),
                new Case("sync-typo-in-the-file", "sync.shedule (SYNC_SHEDULE): is not a key operator-sync knows", good(),
                        "sync", "--config", configFile("sync.shedule=0 0 * * * ?\n").toString()),
                new Case("sync-malformed-cron", "sync.schedule", with(good(), "SYNC_SCHEDULE", "every five minutes"), "sync"),
                new Case("check-wrong-key", "operator.api.key", with(good(), "OPERATOR_API_KEY", "op_test_wrong_key"), "check"));
        Map<Case, CliProcess> started = new LinkedHashMap<>();
        cases.forEach(c -> started.put(c, start(c.name(), c.env(), c.args())));
        assertAll(started.entrySet().stream().map(e -> (Executable) () -> {
            CliProcess child = e.getValue();
            assertEquals(2, child.exitCode(TIMEOUT), e.getKey().name() + "\n" + child.output());
            assertTrue((child.stdout() + child.stderr()).contains(e.getKey().key()),
                    e.getKey().name() + ": the message names " + e.getKey().key() + "\n" + child.output());
            assertFalse((child.stdout() + child.stderr()).contains("op_test_wrong_key"), "the wrong key is not printed either\n" + child.output());
            assertNoSentinel(child);
        }));
    }

    @Test
    void what_cannot_be_reached_now_exits_1_and_names_no_java_class() throws IOException {
        record Case(String name, String expected, Map<String, String> env, String... args) {
        }
        Map<String, String> holder = good();
        holder.put("MANAGEMENT_PORT", Integer.toString(freePort()));
        holder.put("ADMIN_HTTP_PORT", Integer.toString(freePort()));
        CliProcess running = start("run-holding-the-duckdb-file", holder, "run");
        int management = Integer.parseInt(holder.get("MANAGEMENT_PORT"));
        running.awaitWhileAlive("the service live", TIMEOUT, () -> answers(management));
        List<Case> cases = List.of(
                new Case("check-unreachable-warehouse", "warehouse.jdbc-url (WAREHOUSE_JDBC_URL): cannot connect to the warehouse: Connection to 127.0.0.1:1 refused",
                        with(good(), "WAREHOUSE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none"), "check"),
                new Case("sync-postgresql-down", "operator-sync failed: cannot connect to the warehouse: Connection to 127.0.0.1:1 refused",
                        with(good(), "WAREHOUSE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none"), "sync"),
                new Case("check-unreachable-api", "cannot reach http://127.0.0.1:1: connection refused",
                        with(good(), "OPERATOR_API_BASE_URL", "http://127.0.0.1:1"), "check"),
                new Case("sync-duckdb-locked", "operator-sync failed: cannot connect to the warehouse: IO Error: Could not set lock on file",
                        with(good(), "WAREHOUSE_JDBC_URL", holder.get("WAREHOUSE_JDBC_URL")), "sync"),
                new Case("discard-missing-letter", "no dead letter 999", good(), "dead-letters", "discard", "999", "--reason", "test"),
                new Case("replay-missing-letter", "operator-sync failed: no dead letter 999", good(), "dead-letters", "replay", "999"));
        Map<Case, CliProcess> started = new LinkedHashMap<>();
        cases.forEach(c -> started.put(c, start(c.name(), c.env(), c.args())));
        assertAll(started.entrySet().stream().map(e -> (Executable) () -> {
            CliProcess child = e.getValue();
            String output = child.stdout() + child.stderr();
            assertEquals(1, child.exitCode(TIMEOUT), e.getKey().name() + "\n" + child.output());
            assertTrue(child.output().contains(e.getKey().expected()), e.getKey().name() + ": '" + e.getKey().expected() + "'\n" + child.output());
            assertFalse(output.matches("(?s).*\\w+(Exception|Error): .*"), e.getKey().name() + ": no Java class name\n" + child.output());
        }));
    }

    private Path configFile(String text) {
        try {
            Path folder = Files.createTempDirectory("operator-sync-config");
            folders.add(folder);
            return Files.writeString(folder.resolve("application.properties"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answers(int managementPort) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + managementPort + "/observe/health/live")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void a_good_configuration_checks_ok_and_syncs_with_0_and_a_failing_stream_exits_1() {
        CliProcess check = start("check", good(), "check");
        CliProcess sync = start("sync", good(), "sync");
        CliProcess failing = start("sync-op_404", with(good(), "OPERATOR_IDS", "op_1,op_404,op_2"), "sync");

        assertEquals(0, check.exitCode(TIMEOUT), check.output());
        String checked = check.stdout();
        assertAll(
                () -> assertTrue(checked.contains("ok    configuration"), check.output()),
                () -> assertTrue(checked.contains("ok    API " + simulator.baseUrl()), check.output()),
                () -> assertTrue(checked.contains("ok    warehouse duckdb"), check.output()),
                () -> assertFalse(checked.contains("FAIL"), check.output()));

        assertEquals(0, sync.exitCode(TIMEOUT), sync.output());
        assertTrue(sync.stdout().matches("(?s).*run \\d+ succeeded in .*"), sync.output());

        assertEquals(1, failing.exitCode(TIMEOUT), failing.output());
        assertTrue(failing.stdout().contains("failed") && failing.stdout().contains("op_404"),
                "the summary says which stream failed\n" + failing.output());

        assertAll(Stream.of(check, sync, failing).map(child -> (Executable) () -> assertNoSentinel(child)));
    }

    /** Everything a good run needs: the simulator, its key, two operators, a DuckDB file of its own. */
    private Map<String, String> good() {
        Path file = TestDatabases.freshDuckDbFile();
        folders.add(file.getParent().getParent());
        Map<String, String> env = new HashMap<>();
        env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
        env.put("OPERATOR_API_KEY", SENTINEL);
        env.put("OPERATOR_IDS", "op_1,op_2");
        env.put("WAREHOUSE_JDBC_URL", "jdbc:duckdb:" + file);
        env.put("SYNC_SETTLE_DELAY", "PT0S");
        return env;
    }

    private static Map<String, String> with(Map<String, String> env, String variable, String value) {
        return change(env, e -> e.put(variable, value));
    }

    private static Map<String, String> without(Map<String, String> env, String variable) {
        return change(env, e -> e.remove(variable));
    }

    private static Map<String, String> change(Map<String, String> env, Consumer<Map<String, String>> change) {
        Map<String, String> changed = new HashMap<>(env);
        change.accept(changed);
        return changed;
    }

    private CliProcess start(String label, Map<String, String> env, String... args) {
        CliProcess child = CliProcess.start(label, env, args);
        children.add(child);
        return child;
    }

    private static void assertNoSentinel(CliProcess child) {
        assertFalse(child.stdout().contains(SENTINEL) || child.stderr().contains(SENTINEL),
                "the API key appears in the output of " + child.output().replace(SENTINEL, "<THE KEY>"));
    }
}
