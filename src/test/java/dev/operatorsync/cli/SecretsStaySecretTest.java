package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.config.Redactor;
import dev.operatorsync.simulator.Faults;
import dev.operatorsync.simulator.Faults.Kind;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarantee 6: a sentinel key and password, planted in a full run with faults, are found nowhere. */
class SecretsStaySecretTest {
    private static final String KEY = "op_test_SENTINEL_KEY_7f3a";
    private static final String PASSWORD = "SENTINEL_PASSWORD_9c1e";

    @Test
    void the_api_key_and_the_password_appear_in_no_output_log_or_table() throws Exception {
        String url = "jdbc:duckdb:" + TestDatabases.freshDuckDbFile();
        Map<String, String> properties = Map.of("operator.api.key", KEY, "warehouse.password", PASSWORD,
                "warehouse.jdbc-url", url, "operator.api.operator-ids", "op_1,op_2", "sync.retry.base-delay-ms", "10",
                "sync.retry.max-delay-ms", "20", "sync.retry.max-redeliveries", "2", "sync.retry.rate-limit-max-wait", "PT0.1S");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(SimulatorOptions.defaults().withPort(0)
                .withConversations(300).withOperators(2).withPageSize(40).withApiKey(KEY))) {
            simulator.setFaults(new Faults(simulator.clock()).onRequests(Kind.TRANSIENT_503, 1).onRequests(Kind.RATE_LIMIT, 2)
                    .waiting(Duration.ZERO).onRequests(Kind.MALFORMED_RECORD, 3).onRequests(Kind.HTML_500, 4)
                    .onQuery(Kind.PERMANENT_400, "operator_id=op_2&completed_at", Integer.MAX_VALUE));
            properties.forEach(System::setProperty);
            System.setProperty("operator.api.base-url", simulator.baseUrl().toString());
            System.setOut(capture);
            System.setErr(capture);
            int status = OperatorSync.commandLine().execute("sync");
            System.setProperty("operator.api.key", "op_test_wrong_" + KEY);
            int rejected = OperatorSync.commandLine().execute("sync");
            System.setOut(out);
            System.setErr(err);
            String printed = captured.toString(StandardCharsets.UTF_8);
            assertEquals(OperatorSync.FAILED, status, printed);
            assertEquals(OperatorSync.FAILED, rejected, printed);
            assertTrue(printed.contains("the API key was rejected"), printed);
            assertTrue(printed.contains("WARN"), "the retries were logged: " + printed);
            assertFalse(printed.contains(KEY), printed);
            assertFalse(printed.contains(PASSWORD), printed);
            try (Warehouse warehouse = Warehouse.open(url, null, null, "operator_sync");
                 Connection c = warehouse.connect(); Statement s = c.createStatement()) {
                for (String table : List.of("conversations", "sync_runs", "sync_state", "dead_letters")) {
                    try (ResultSet rows = s.executeQuery("SELECT CAST(t AS VARCHAR) FROM " + table + " t")) {
                        int n = 0;
                        while (rows.next()) {
                            String row = rows.getString(1);
                            assertFalse(row.contains(KEY) || row.contains(PASSWORD) || row.contains(Redactor.MASK + "x"), table + ": " + row);
                            n++;
                        }
                        assertTrue(n > 0 || table.equals("sync_state"), table + " is empty");
                    }
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            properties.keySet().forEach(System::clearProperty);
            System.clearProperty("operator.api.base-url");
        }
    }
}
