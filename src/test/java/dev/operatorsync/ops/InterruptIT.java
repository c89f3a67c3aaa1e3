package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.simulator.FaultPlan;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C and SIGTERM on the one-shot commands, as a terminal and Kubernetes send them to a real process: they
 * stop within seconds (Camel alone waited out its 45 s shutdown timeout), close their rows as interrupted, say
 * how to resume, and exit 130 / 143.
 */
class InterruptIT {
    /** Far below Camel's 45 s, far above the 5 s grace plus a loaded machine's JVM exit. */
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(20);

    private final SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(1500).withOperators(2)
            .withPageSize(20);
    private OperatorApiSimulator simulator;
    private TestWarehouse warehouse;

    @BeforeEach
    void start() throws Exception {
        simulator = OperatorApiSimulator.start(options);
        // Slow pages so that the signal lands while pages flow, long before the work could end by itself.
        simulator.setFaults((request, n) -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        });
        warehouse = TestWarehouse.open(Dialect.POSTGRESQL);
    }

    @AfterEach
    void stop() throws Exception {
        simulator.close();
        warehouse.close();
    }

    @Test
    void sigterm_stops_a_sync_in_seconds_with_143_and_its_run_closed_as_interrupted() throws Exception {
        try (CliProcess sync = CliProcess.start("sync-sigterm", environment(), "sync")) {
            assertEquals(143, signalWhilePagesFlow(sync, "TERM"), sync.output());
            assertTrue(sync.stderr().contains("interrupted by SIGTERM"), sync.output());
            assertTrue(sync.stderr().contains("the next `sync`"), "says how to resume\n" + sync.output());
        }
        assertEquals("failed interrupted", text("SELECT status || ' ' || error FROM sync_runs WHERE run_id = 1"));

        simulator.setFaults(FaultPlan.NONE);
        try (CliProcess again = CliProcess.start("sync-again", environment(), "sync")) {
            assertEquals(0, again.exitCode(Duration.ofSeconds(120)), again.output());
        }
        assertEquals(0, count("SELECT count(*) FROM sync_state WHERE resume_cursor IS NOT NULL OR last_status <> 'succeeded'"),
                "the next sync finished every stream the interrupted one left");
    }

    @Test
    void ctrl_c_stops_a_backfill_in_seconds_with_130_and_it_resumes() throws Exception {
        String[] args = {"backfill", "--from", "2000-01-01", "--to", "2100-01-01", "--window", "P3650D", "--parallel", "2"};
        try (CliProcess backfill = CliProcess.startWithCtrlC("backfill-sigint", environment(), args)) {
            assertEquals(130, signalWhilePagesFlow(backfill, "INT"), backfill.output());
            assertTrue(backfill.stderr().contains("interrupted by SIGINT"), backfill.output());
            assertTrue(backfill.stderr().contains("backfill --resume 1"), "says how to resume\n" + backfill.output());
        }
        assertEquals("failed interrupted", text("SELECT status || ' ' || error FROM sync_runs WHERE run_id = 1"));
        assertEquals("failed interrupted", text("SELECT status || ' ' || error FROM backfills WHERE backfill_id = 1"));

        simulator.setFaults(FaultPlan.NONE);
        try (CliProcess resumed = CliProcess.start("backfill-resume", environment(), "backfill", "--resume", "1")) {
            assertEquals(0, resumed.exitCode(Duration.ofSeconds(120)), resumed.output());
        }
        assertEquals("succeeded", text("SELECT status FROM backfills WHERE backfill_id = 1"));
        assertEquals(0, count("SELECT count(*) FROM backfill_windows WHERE status <> 'done'"), "the resumed backfill loaded every window");
    }

    /** Sends the signal once pages flow and returns the exit status, which must come within {@link #STOPS_WITHIN}. */
    private int signalWhilePagesFlow(CliProcess child, String signal) {
        long before = simulator.requestCount();
        child.awaitWhileAlive("pages flowing", Duration.ofSeconds(90), () -> simulator.requestCount() >= before + 6);
        long signalled = System.nanoTime();
        child.signal(signal);
        int exit = child.exitCode(Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);
        assertTrue(took.compareTo(STOPS_WITHIN) < 0, "stopped in " + took + "\n" + child.output());
        return exit;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(ServiceProcess.postgres(warehouse.schema()));
        env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
        env.put("OPERATOR_API_KEY", options.apiKey());
        env.put("OPERATOR_IDS", String.join(",", OperatorApiSimulator.operatorIds(options.operators())));
        env.put("SYNC_SETTLE_DELAY", "PT0S");
        return env;
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws SQLException {
        try (Connection c = warehouse.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
