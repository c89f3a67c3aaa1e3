package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to backfill, state reset and run: exit 2, a message naming what is expected, nothing written. */
class BadUsageTest {
    @TempDir
    Path dir;
    private Path duckDb;
    private final Map<String, String> properties = Map.of("operator.api.key", "op_test_key", "operator.api.operator-ids", "op_1,op_2");

    @BeforeEach
    void configure() {
        duckDb = dir.resolve("data").resolve("warehouse.duckdb");
        properties.forEach(System::setProperty);
        System.setProperty("warehouse.jdbc-url", "jdbc:duckdb:" + duckDb);
    }

    @AfterEach
    void restore() {
        properties.keySet().forEach(System::clearProperty);
        System.clearProperty("warehouse.jdbc-url");
        System.clearProperty("admin.http.host");
        System.clearProperty("sync.parallel");
    }

    private record Result(int exit, String err) {
    }

    private static Result run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter picocliErr = new StringWriter();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = OperatorSync.commandLine().setErr(new PrintWriter(picocliErr, true)).execute(args);
            return new Result(exit, captured.toString(StandardCharsets.UTF_8) + picocliErr);
        } finally {
            System.setErr(original);
        }
    }

    private void refused(String expected, String... args) {
        Result result = run(args);
        assertEquals(OperatorSync.BAD_CONFIGURATION, result.exit(), result.err());
        assertTrue(result.err().contains(expected), "'" + expected + "' in: " + result.err());
        assertFalse(Files.exists(duckDb), "nothing written");
    }

    @Test
    void a_backfill_with_bad_input_exits_2_and_writes_nothing() {
        refused("must be before", "backfill", "--from", "2026-02-02", "--to", "2026-02-01");
        refused("expected an ISO-8601 date (2024-01-31, midnight UTC) or instant", "backfill", "--from", "02/01/2026", "--to", "2026-02-03");
        refused("unknown operator 'op_9': expected one of op_1, op_2", "backfill", "--from", "2026-02-01", "--to", "2026-02-03", "--operator", "op_9");
        refused("--window PT1M cuts [1900-01-01T00:00:00Z, 2100-01-01T00:00:00Z) into 105190560 windows", "backfill",
                "--from", "1900-01-01", "--to", "2100-01-01", "--window", "PT1M");
        refused("ISO-8601 duration", "backfill", "--from", "2026-02-01", "--to", "2026-02-02", "--window", "1 hour");
        refused("--from and --to are required", "backfill", "--to", "2026-02-02");
        refused("backfill.parallel", "backfill", "--from", "2026-02-01", "--to", "2026-02-02", "--parallel", "0");
        refused("--to 'soon' does not parse", "state", "reset", "--to", "soon", "--yes");
    }

    @Test
    void a_state_reset_off_a_terminal_without_yes_exits_2_and_changes_nothing() {
        refused("nothing changed. Pass --yes", "state", "reset");
        refused("nothing changed. Pass --yes", "state", "reset", "--to", "2026-01-01");
    }

    @Test
    void dead_letter_filters_are_checked_and_take_dates() {
        refused("--status 'bogus' is not one of open, replayed, discarded, all", "dead-letters", "list", "--status", "bogus");
        refused("--stage 'nope' is not one of fetch, transform, load", "dead-letters", "list", "--stage", "nope");
        refused("--since 'last week' does not parse", "dead-letters", "list", "--since", "last week");
        assertEquals(OperatorSync.OK, run("dead-letters", "list", "--since", "2026-01-01", "--until", "2026-12-06T12:00:00Z", "--stage", "fetch").exit());
    }

    @Test
    void a_sync_with_a_bad_stream_parallelism_exits_2_naming_the_key() {
        System.setProperty("sync.parallel", "none");
        refused("sync.parallel", "sync");
    }

    @Test
    void run_bound_off_loopback_without_a_token_exits_2_naming_the_key() {
        System.setProperty("admin.http.host", "0.0.0.0");
        refused("admin.token", "run");
    }

    @Test
    void every_new_command_has_help() {
        for (String[] command : new String[][] {{"backfill", "--help"}, {"state", "show", "--help"}, {"state", "reset", "--help"}, {"state", "--help"}}) {
            assertEquals(0, run(command).exit(), String.join(" ", command));
        }
    }
}
