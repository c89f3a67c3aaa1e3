package dev.operatorsync.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server and DuckDB files tests use. PostgreSQL comes from, in this order:
 * {@code OPERATOR_SYNC_TEST_JDBC_URL} (credentials in the URL, or in
 * {@code OPERATOR_SYNC_TEST_USERNAME}/{@code OPERATOR_SYNC_TEST_PASSWORD}); a Testcontainers
 * container when Docker is available; else an embedded PostgreSQL from zonky (which, started as
 * root, runs initdb and the server as {@code nobody}). One server per JVM, started on first use.
 */
public final class TestDatabases {
    public static final String URL_VARIABLE = "OPERATOR_SYNC_TEST_JDBC_URL";

    /** Where a test connects; {@code username}/{@code password} may be null when the URL carries them. */
    public record Server(String jdbcUrl, String username, String password) {
    }

    private static Server postgres;

    private TestDatabases() {
    }

    public static synchronized Server postgres() {
        if (postgres == null) {
            postgres = startPostgres();
        }
        return postgres;
    }

    /** A schema name no other test or run uses. */
    public static String freshSchema() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /**
     * A path for a new DuckDB file in a new temp directory (DuckDB writes a .wal beside it). Its
     * folder {@code data/} does not exist yet, as on a fresh install with the default URL.
     */
    public static Path freshDuckDbFile() {
        try {
            return Files.createTempDirectory("operator-sync-duckdb").resolve("data").resolve("warehouse.duckdb");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Server startPostgres() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new Server(url, System.getenv("OPERATOR_SYNC_TEST_USERNAME"),
                    System.getenv("OPERATOR_SYNC_TEST_PASSWORD"));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; zonky also removes its data directory
                }
            }));
            return new Server(embedded.getJdbcUrl("postgres", "postgres"), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded PostgreSQL; set " + URL_VARIABLE, e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
