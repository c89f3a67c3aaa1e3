package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestWarehouse;
import dev.operatorsync.warehouse.Dialect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ports of {@code run} and {@code demo} as an operator meets them: a port another process holds stops the
 * service at once with one line naming the key and the port; a service that starts says where it listens.
 */
class ServicePortsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void a_taken_management_or_admin_port_is_exit_2_with_one_line_naming_the_key_and_the_port() throws Exception {
        try (ServerSocket management = taken("0.0.0.0"); ServerSocket admin = taken("127.0.0.1")) {
            Map<String, String> takenManagement = service(management.getLocalPort(), ServiceProcess.freePort());
            Map<String, String> takenAdmin = service(ServiceProcess.freePort(), admin.getLocalPort());
            try (CliProcess run = CliProcess.start("run-management-taken", takenManagement, "run");
                 CliProcess runAdmin = CliProcess.start("run-admin-taken", takenAdmin, "run");
                 CliProcess demo = CliProcess.start("demo-admin-taken", takenAdmin, "demo")) {
                assertOneLine(run, "management.port", management.getLocalPort());
                assertOneLine(runAdmin, "admin.http.port", admin.getLocalPort());
                assertOneLine(demo, "admin.http.port", admin.getLocalPort());
            }
        }
    }

    @Test
    void run_says_at_start_where_it_listens_and_when_the_next_sync_fires() throws Exception {
        int managementPort = ServiceProcess.freePort();
        int adminPort = ServiceProcess.freePort();
        try (TestWarehouse warehouse = TestWarehouse.open(Dialect.POSTGRESQL)) {
            Map<String, String> env = service(managementPort, adminPort);
            env.putAll(ServiceProcess.postgres(warehouse.schema()));
            try (CliProcess run = CliProcess.start("run-banner", env, "run")) {
                run.awaitWhileAlive("the next sync's time", TIMEOUT, () -> run.stdout().contains("next sync at"));
                String out = run.stdout();
                assertTrue(out.contains("health at http://localhost:" + managementPort + "/observe/health"), out);
                assertTrue(out.contains("metrics at http://localhost:" + managementPort + "/observe/metrics"), out);
                assertTrue(out.contains("admin API at http://127.0.0.1:" + adminPort + "/api/backfills"), out);
                assertTrue(out.matches("(?s).*next sync at \\d{4}-01-01T00:00:00Z \\(sync.schedule \"0 0 0 1 1 \\?\", UTC\\).*"), out);
                assertEquals(200, ServiceProcess.get(managementPort, "/observe/health/live").status(), "it listens where it says");
                assertEquals(0, run.terminate(TIMEOUT), run.output());
            }
        }
    }

    private static void assertOneLine(CliProcess child, String key, int port) {
        assertEquals(2, child.exitCode(TIMEOUT), child.output());
        List<String> lines = child.stderr().strip().lines().toList();
        assertEquals(1, lines.size(), "one line, no stack trace\n" + child.output());
        assertTrue(lines.get(0).contains(key) && lines.get(0).contains("port " + port), child.output());
    }

    private static ServerSocket taken(String host) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(host, 0));
        return socket;
    }

    private static Map<String, String> service(int managementPort, int adminPort) {
        Map<String, String> env = new HashMap<>();
        env.put("OPERATOR_API_BASE_URL", "http://127.0.0.1:9");
        env.put("OPERATOR_API_KEY", "op_test_never_used");
        env.put("OPERATOR_IDS", "op_1");
        env.put("SYNC_SCHEDULE", "0 0 0 1 1 ?");
        env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("ADMIN_HTTP_PORT", Integer.toString(adminPort));
        return env;
    }
}
