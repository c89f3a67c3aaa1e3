package dev.operatorsync.testing;

import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A migrated warehouse in a fresh schema (PostgreSQL) or a fresh file (DuckDB), removed on close.
 * Run a test on both engines with {@code @ParameterizedTest @EnumSource(Dialect.class)} and
 * {@code try (TestWarehouse tw = TestWarehouse.open(dialect)) {...}}.
 */
public final class TestWarehouse implements AutoCloseable {
    private final Warehouse warehouse;
    private final String jdbcUrl;
    private final Path duckDbFile;

    private TestWarehouse(Warehouse warehouse, String jdbcUrl, Path duckDbFile) {
        this.warehouse = warehouse;
        this.jdbcUrl = jdbcUrl;
        this.duckDbFile = duckDbFile;
    }

    public static TestWarehouse open(Dialect dialect) throws SQLException {
        String schema = TestDatabases.freshSchema();
        TestWarehouse opened;
        if (dialect == Dialect.DUCKDB) {
            Path file = TestDatabases.freshDuckDbFile();
            String url = "jdbc:duckdb:" + file;
            opened = new TestWarehouse(Warehouse.open(url, null, null, schema), url, file);
        } else {
            TestDatabases.Server server = TestDatabases.postgres();
            opened = new TestWarehouse(Warehouse.open(server.jdbcUrl(), server.username(), server.password(), schema),
                    server.jdbcUrl(), null);
        }
        opened.warehouse.migrate();
        return opened;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String schema() {
        return warehouse.schema();
    }

    /** A connection whose default schema is the test's schema. */
    public Connection connect() throws SQLException {
        return warehouse.connect();
    }

    @Override
    public void close() throws SQLException, IOException {
        if (duckDbFile == null) {
            try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema() + " CASCADE");
            } finally {
                warehouse.close();
            }
            return;
        }
        warehouse.close();
        try (Stream<Path> files = Files.walk(duckDbFile.getParent().getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(TestWarehouse::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
