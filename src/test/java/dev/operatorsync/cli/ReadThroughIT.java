package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.simulator.Faults;
import dev.operatorsync.simulator.Faults.Kind;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestDatabases;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While `run` holds a DuckDB file (one process's file), `state show` and `dead-letters list` read through its admin
 * API, with their filters and its token; when no admin API answers they say so, and why they could not read.
 */
class ReadThroughIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOKEN = "admin-token-for-read-through";

    @Test
    void read_commands_reach_a_running_service_holding_the_duckdb_file_through_its_admin_api() throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(0).withConversations(100).withOperators(2).withPageSize(40);
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(options)) {
            simulator.setFaults(new Faults(simulator.clock()).onQuery(Kind.PERMANENT_400, "operator_id=op_2&completed_at", Integer.MAX_VALUE));
            Map<String, String> env = new HashMap<>();
            env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
            env.put("OPERATOR_API_KEY", options.apiKey());
            env.put("OPERATOR_IDS", "op_1,op_2");
            env.put("WAREHOUSE_JDBC_URL", "jdbc:duckdb:" + TestDatabases.freshDuckDbFile());
            env.put("SYNC_SETTLE_DELAY", "PT0S");
            env.put("SYNC_SCHEDULE", "0/2 * * * * ?");
            env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
            env.put("ADMIN_HTTP_PORT", Integer.toString(freePort()));
            env.put("ADMIN_TOKEN", TOKEN);
            try (CliProcess run = CliProcess.start("run-holding-duckdb", env, "run")) {
                run.awaitWhileAlive("a finished sync", TIMEOUT, () -> run.stderr().contains("sync failed in"));
                Map<String, String> wrongToken = new HashMap<>(env);
                wrongToken.put("ADMIN_TOKEN", "not-the-token");
                Map<String, String> noService = new HashMap<>(env);
                noService.put("ADMIN_HTTP_PORT", Integer.toString(freePort()));
                try (CliProcess state = CliProcess.start("state-show", env, "state", "show", "--json");
                     CliProcess fetchLetters = CliProcess.start("letters-fetch", env, "dead-letters", "list", "--stage", "fetch");
                     CliProcess transformLetters = CliProcess.start("letters-transform", env, "dead-letters", "list", "--stage", "transform");
                     CliProcess refused = CliProcess.start("state-wrong-token", wrongToken, "state", "show");
                     CliProcess unreachable = CliProcess.start("state-no-service", noService, "state", "show")) {
                    assertEquals(0, state.exitCode(TIMEOUT), state.output());
                    JsonNode streams = new ObjectMapper().readTree(state.stdout());
                    assertEquals(6, streams.size(), state.output());
                    assertTrue(state.stderr().contains("read through its admin API"), state.output());

                    assertEquals(0, fetchLetters.exitCode(TIMEOUT), fetchLetters.output());
                    assertTrue(fetchLetters.stdout().contains("InvalidRequest") && fetchLetters.stdout().contains("1 dead letter(s)"),
                            fetchLetters.output());
                    assertEquals(0, transformLetters.exitCode(TIMEOUT), transformLetters.output());
                    assertTrue(transformLetters.stdout().contains("0 dead letter(s)"), "the filter reaches the API\n" + transformLetters.output());

                    assertEquals(1, refused.exitCode(TIMEOUT), refused.output());
                    assertTrue(refused.stderr().contains("answered 401"), refused.output());
                    assertEquals(1, unreachable.exitCode(TIMEOUT), unreachable.output());
                    assertTrue(unreachable.stderr().contains("another process holds the warehouse")
                            && unreachable.stderr().contains("no admin API answered"), unreachable.output());
                    assertTrue(!refused.stderr().contains(TOKEN) && !refused.stderr().contains("not-the-token"), refused.output());
                }
                assertEquals(0, run.terminate(TIMEOUT), run.output());
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
