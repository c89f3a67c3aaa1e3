package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} in-process: every key a command reads is validated; what cannot be reached is exit 1, not 2. */
class CheckCommandTest {
    @TempDir
    Path dir;
    private final Map<String, String> set = new HashMap<>();

    @AfterEach
    void restore() {
        set.keySet().forEach(System::clearProperty);
    }

    private void property(String key, String value) {
        set.put(key, value);
        System.setProperty(key, value);
    }

    private void configure() {
        property("operator.api.key", "op_test_key");
        property("operator.api.operator-ids", "op_1");
        property("operator.api.base-url", "http://127.0.0.1:1");
        property("warehouse.jdbc-url", "jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
    }

    private record Result(int exit, String out) {
    }

    private static Result check() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = OperatorSync.commandLine().execute("check");
            return new Result(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void check_refuses_every_value_that_run_would_refuse_naming_its_key() {
        configure();
        Map<String, String> bad = Map.of("management.port", "99999", "admin.http.port", "abc", "health.max-sync-age", "junk",
                "sync.retry.max-redeliveries", "-1", "sync.retry.jitter", "5", "camel.main.shutdown-timeout", "-5",
                "backfill.window", "P1Y");
        bad.forEach((key, value) -> {
            property(key, value);
            Result result = check();
            assertEquals(OperatorSync.BAD_CONFIGURATION, result.exit(), result.out());
            assertTrue(result.out().contains("FAIL  " + key + " ("), key + " named in: " + result.out());
            System.clearProperty(key);
        });
        assertFalse(Files.exists(dir.resolve("warehouse.duckdb")), "a bad configuration touches nothing");
    }

    @Test
    void an_api_that_cannot_be_reached_is_a_failure_not_a_configuration_error() {
        configure();
        Result result = check();
        assertEquals(OperatorSync.FAILED, result.exit(), result.out());
        assertTrue(result.out().contains("FAIL  operator.api.base-url (OPERATOR_API_BASE_URL): cannot reach http://127.0.0.1:1: connection refused"),
                result.out());
        assertTrue(result.out().contains("ok    warehouse duckdb"), result.out());
        assertFalse(result.out().contains("Exception"), "no Java class names: " + result.out());
    }
}
