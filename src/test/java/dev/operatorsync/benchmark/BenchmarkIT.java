package dev.operatorsync.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code operator-sync benchmark} end to end at a small size, as a process: on DuckDB and on the tests'
 * PostgreSQL, every measurement ends up in the JSON with a positive rate (backfill may be "not available"
 * on a build without it), with its CPU time, the second sync writes no row, the machine's ceiling is a share,
 * and nothing it made is left behind. No timing is asserted. Linux only (the tests' machines): CPU time comes
 * from /proc/stat.
 */
class BenchmarkIT {
    private static final int PAGE_SIZE = 250;
    private static final List<String> MEASUREMENTS_BOTH = List.of("raw_fetch", "sync", "resync", "backfill", "simulator");

    @TempDir
    Path output;

    @Test
    void a_small_benchmark_reports_every_measurement_and_cleans_up() throws Exception {
        TestDatabases.Server postgres = TestDatabases.postgres();
        Map<String, String> env = new HashMap<>();
        if (postgres.username() != null) {
            env.put("WAREHOUSE_USERNAME", postgres.username());
        }
        if (postgres.password() != null) {
            env.put("WAREHOUSE_PASSWORD", postgres.password());
        }
        List<String> schemasBefore = benchSchemas(postgres);
        try (CliProcess benchmark = CliProcess.start("benchmark", env, "benchmark", "--conversations", "2000",
                "--page-size", Integer.toString(PAGE_SIZE), "--warehouses", "postgresql,duckdb", "--postgres-url", postgres.jdbcUrl(),
                "--output", output.toString(), "--jvm-option=-XX:TieredStopAtLevel=1")) {
            int exit = benchmark.exitCode(Duration.ofMinutes(10));
            assertEquals(0, exit, benchmark.output());
            assertTrue(benchmark.stdout().contains("c / min(a, b)"), "the table is printed\n" + benchmark.output());
            assertTrue(benchmark.stdout().contains("ms per page"), "the per-page line is printed\n" + benchmark.output());

            Path latest = output.resolve("benchmark-latest.json");
            assertTrue(Files.isRegularFile(latest), "benchmark-latest.json is written\n" + benchmark.output());
            try (Stream<Path> files = Files.list(output)) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("benchmark-\\d{8}T\\d{6}Z\\.json")),
                        "a timestamped copy is written too");
            }
            JsonNode report = new ObjectMapper().readTree(latest.toFile());
            assertEquals(2000, report.get("conversations").asInt());
            checkWarehouse(report.at("/warehouses/postgresql"), List.of("raw_load_1_connection", "raw_load_2_connections", "raw_load_per_page"),
                    benchmark.output());
            checkWarehouse(report.at("/warehouses/duckdb"), List.of("raw_load", "raw_load_per_page"), benchmark.output());
        }
        assertEquals(schemasBefore, benchSchemas(postgres), "every schema the benchmark made is dropped");
    }

    private static void checkWarehouse(JsonNode section, List<String> rawLoads, String output) {
        assertFalse(section.isMissingNode(), output);
        List<String> keys = new ArrayList<>(MEASUREMENTS_BOTH);
        keys.addAll(rawLoads);
        long listed = section.at("/raw_fetch/records").asLong();
        assertTrue(listed > 1000 && listed <= 2000, "the raw fetch read the simulator's listing: " + section);
        for (String key : keys) {
            JsonNode m = section.get(key);
            assertTrue(m != null, key + " is reported: " + section);
            if (key.equals("backfill") && m.get("status").asText().equals("not available")) {
                continue;
            }
            assertEquals("ok", m.get("status").asText(), key + ": " + m);
            assertTrue(m.get("wall_seconds").asDouble() > 0, key + " has a wall time: " + m);
            if (key.equals("resync")) {
                assertTrue(m.get("requests").asLong() > 0, "the second sync made requests: " + m);
                // The simulator runs on the wall clock, so a conversation may finish or be post-processed between the two
                // syncs and be rightly updated; over unchanged data nothing else may be written (guarantee 3).
                assertTrue(m.get("row_writes").asLong() <= Math.max(5, listed / 100),
                        "the second sync wrote (almost) no row: " + m);
                assertTrue(m.get("records_per_second").asDouble() >= 0, m.toString());
            } else if (!key.equals("simulator")) {
                assertTrue(m.get("records_per_second").asDouble() > 0, key + " has a positive rate: " + m);
            }
            if (key.equals("sync") || key.equals("backfill")) {
                assertEquals(listed, m.get("rows_in_table").asLong(), key + " loaded every listed conversation: " + m);
                assertTrue(m.get("peak_rss_kb").asLong() > 0, key + " has a peak RSS: " + m);
            }
            boolean child = key.equals("sync") || key.equals("resync") || key.equals("backfill");
            if (!key.equals("simulator") && (!child || Files.isExecutable(Path.of("/usr/bin/time")))) {
                // The machine's CPU time holds the measuring process's own, give or take the kernel's tick; a child's
                // own comes from GNU time.
                assertTrue(m.has("own_cpu_seconds") && m.has("machine_cpu_seconds"), key + " has CPU times: " + m);
                double own = m.get("own_cpu_seconds").asDouble();
                assertTrue(own > 0, key + " has its own CPU time: " + m);
                assertTrue(m.get("machine_cpu_seconds").asDouble() >= own * 0.9 - 0.05, key + " machine CPU holds its own: " + m);
            }
        }
        assertTrue(section.at("/ratios/c_over_min_a_b").asDouble() > 0, "c / min(a, b) is reported: " + section);
        assertEquals(section.at("/raw_fetch/records").asLong(), section.at("/raw_load_per_page/records").asLong(),
                "the per-page raw load loads what the raw fetch read: " + section);
        assertEquals(section.at("/raw_fetch/pages").asLong(), section.at("/raw_load_per_page/pages").asLong(),
                "the per-page raw load commits once per page the raw fetch read: " + section);
        for (String perPage : List.of("ms_per_page_raw_fetch", "ms_per_page_raw_load", "ms_per_page_sync", "c_run_over_min_a_b_per_page")) {
            assertTrue(section.at("/ratios/" + perPage).asDouble() > 0, perPage + " is reported: " + section);
        }
        double meanPage = section.at("/ratios/mean_rows_per_page").asDouble();
        assertTrue(meanPage > 1 && meanPage <= PAGE_SIZE, "pages hold at most --page-size: " + section);
        assertTrue(section.at("/ratios/c_run_over_min_a_b").asDouble() > section.at("/ratios/c_over_min_a_b").asDouble(),
                "the run span leaves JVM start-up out: " + section);
        int cpus = section.at("/ratios/cpus").asInt();
        assertTrue(cpus >= 1, "the ceiling names the CPUs it assumes: " + section);
        // The ceiling is the one the measurements above give: max(a, b) per record over (a CPU + b CPU) per record / CPUs.
        JsonNode a = section.get("raw_fetch");
        JsonNode b = section.has("raw_load") ? section.get("raw_load") : section.get("raw_load_1_connection");
        double slower = Math.max(perRecord(a, "wall_seconds"), perRecord(b, "wall_seconds"));
        double cpu = perRecord(a, "machine_cpu_seconds") + perRecord(b, "machine_cpu_seconds");
        assertEquals(slower / (cpu / cpus), section.at("/ratios/c_ceiling").asDouble(), 0.05 * slower / (cpu / cpus) + 0.01,
                "c_ceiling follows from a and b: " + section);
        if (section.at("/backfill/status").asText().equals("ok")) {
            assertTrue(section.at("/ratios/e_over_min_a_b").asDouble() > 0, "e / min(a, b) is reported: " + section);
        }
    }

    private static double perRecord(JsonNode measurement, String field) {
        assertTrue(measurement.has(field), field + " is reported: " + measurement);
        return measurement.get(field).asDouble() / measurement.get("records").asDouble();
    }

    private static List<String> benchSchemas(TestDatabases.Server server) throws Exception {
        java.util.Properties props = new java.util.Properties();
        if (server.username() != null) {
            props.setProperty("user", server.username());
        }
        if (server.password() != null) {
            props.setProperty("password", server.password());
        }
        List<String> schemas = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(server.jdbcUrl(), props);
             var rs = c.createStatement().executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%' ORDER BY 1")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        return schemas;
    }
}
