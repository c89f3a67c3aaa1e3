package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.operatorsync.testing.TestDatabases;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A process killed right after migrating leaves a DuckDB file the next process opens (DuckDB 1.4.2 cannot replay DDL from its WAL). */
class DuckDbCrashRecoveryTest {
    @Test
    void a_file_migrated_by_a_killed_process_opens_again() throws Exception {
        Path file = TestDatabases.freshDuckDbFile();
        String url = "jdbc:duckdb:" + file;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MigrateAndHalt.class.getName(), url)
                .redirectErrorStream(true).start();
        child.getInputStream().transferTo(System.out);
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child did not finish");
        }
        assertEquals(137, child.exitValue());
        try (Warehouse reopened = Warehouse.open(url, null, null, "operator_sync")) {
            reopened.migrate();
            assertEquals(1, reopened.runLedger().recent(10).size());
        }
    }
}
