package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.testing.TestWarehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WarehouseTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "operator-sync", "a.b", "x; DROP TABLE y", "sch ema", "ünïcode"})
    void schemaMustBeAPlainIdentifier(String schema) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Warehouse.open("jdbc:duckdb:", null, null, schema));
        assertTrue(e.getMessage().contains("warehouse.schema"), e.getMessage());
    }

    @Test
    void nullSchemaIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Warehouse.open("jdbc:duckdb:", null, null, null));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void connectUsesTheSchemaByDefault(Dialect dialect) throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(dialect); Connection c = tw.connect();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sync_runs")) {
            assertEquals(dialect, tw.warehouse().dialect());
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void aFailedConnectionDoesNotRevealThePassword() {
        SQLException e = assertThrows(SQLException.class, () -> Warehouse.open(
                "jdbc:postgresql://127.0.0.1:1/bi?connectTimeout=2", "sync", "pw-Do-Not-Show", "operator_sync"));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("pw-Do-Not-Show"), t.getMessage());
        }
    }

    @Test
    void aMessageThatQuotesThePasswordIsMasked() {
        SQLException leaking = new SQLException("login failed for password hunter2", "28P01",
                new IllegalStateException("hunter2"));
        SQLException scrubbed = Secrets.scrubbed(leaking, "hunter2");
        assertEquals("login failed for password ****", scrubbed.getMessage());
        assertEquals("28P01", scrubbed.getSQLState());
        assertEquals(null, scrubbed.getCause());
        SQLException harmless = new SQLException("connection refused");
        assertSame(harmless, Secrets.scrubbed(harmless, "hunter2"));
    }

    @Test
    void twoWarehousesOnOneDuckDbFileWriteTheSameRunInParallel() throws Exception {
        try (TestWarehouse tw = TestWarehouse.open(Dialect.DUCKDB);
             Warehouse second = Warehouse.open(tw.jdbcUrl(), null, null, tw.schema())) {
            long run = tw.warehouse().runLedger().start("sync", null, null);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Void>> done = new ArrayList<>();
                for (Warehouse warehouse : List.of(tw.warehouse(), second)) {
                    String stream = warehouse == second ? "second" : "first";
                    done.add(pool.submit(() -> {
                        try (PageWriter writer = warehouse.newPageWriter()) {
                            for (int p = 0; p < 10; p++) {
                                writer.write(List.of(Rows.row(stream + p, "s", Rows.T0)), new PageCommit(run, stream,
                                        null, "created_at", null, Rows.T0, "next", 1, 0, 0));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<Void> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(20, second.runLedger().find(run).orElseThrow().counts().pages());
        }
    }

    @Test
    void twoProcessesMigratingTogetherOnPostgresqlBothSucceed() throws Exception {
        TestDatabases.Server server = TestDatabases.postgres();
        String schema = TestDatabases.freshSchema();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Void> migrate = () -> {
                try (Warehouse w = Warehouse.open(server.jdbcUrl(), server.username(), server.password(), schema)) {
                    w.migrate();
                }
                return null;
            };
            Future<Void> a = pool.submit(migrate);
            Future<Void> b = pool.submit(migrate);
            a.get();
            b.get();
            try (Warehouse w = Warehouse.open(server.jdbcUrl(), server.username(), server.password(), schema);
                 Connection c = w.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_migrations")) {
                    rs.next();
                    assertEquals(Migrator.MIGRATIONS.size(), rs.getInt(1));
                }
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        } finally {
            pool.shutdown();
        }
    }
}
