package dev.operatorsync.warehouse;

import static dev.operatorsync.warehouse.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.testing.TestWarehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokenConnectionTest {
    private static final Instant OBSERVED = Instant.parse("2025-03-03T08:00:00Z");

    @Test
    void aWriterWhoseConnectionDiedReconnectsOnTheNextWrite() throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(Dialect.POSTGRESQL)) {
            TestDatabases.Server server = TestDatabases.postgres();
            String tagged = server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?")
                    + "ApplicationName=" + tw.schema();
            try (Warehouse warehouse = Warehouse.open(tagged, server.username(), server.password(), tw.schema());
                 PageWriter writer = warehouse.newPageWriter()) {
                long run = warehouse.runLedger().start("sync", null, null);
                writer.write(List.of(row("c1", "a", OBSERVED)), commit(run));

                // the writer's backend, and the idle pooled one the ledger used
                assertTrue(terminateBackendsOf(tw, tw.schema()) >= 1);
                assertThrows(SQLException.class, () -> writer.write(List.of(row("c2", "b", OBSERVED)), commit(run)));

                assertEquals(new PageOutcome(1, 1, 0, 0), writer.write(List.of(row("c2", "b", OBSERVED)), commit(run)));
                assertEquals(2, tw.warehouse().runLedger().find(run).orElseThrow().counts().pages());
            }
        }
    }

    private static PageCommit commit(long run) {
        return new PageCommit(run, "op_1/created_at", "op_1", "created_at", null, OBSERVED, null, 1, 0, 0);
    }

    private static int terminateBackendsOf(TestWarehouse tw, String applicationName) throws SQLException {
        try (Connection c = tw.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            int terminated = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertTrue(rs.getBoolean(1));
                    terminated++;
                }
            }
            return terminated;
        }
    }
}
