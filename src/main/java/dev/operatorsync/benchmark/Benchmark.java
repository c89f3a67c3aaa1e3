package dev.operatorsync.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.api.Page;
import dev.operatorsync.api.PageParser;
import dev.operatorsync.config.Redactor;
import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.warehouse.ConversationRow;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark of issue 6: per warehouse, a simulator in its own process, then (a) the raw fetch limit,
 * (b) the raw load limit, (c) {@code sync} into an empty warehouse, (d) a second {@code sync} with nothing
 * changed, (e) {@code backfill --parallel 2} of the simulator's whole history into another empty warehouse.
 * Every schema, file and process it makes, it removes.
 */
public final class Benchmark {
    public static final String API_KEY = "op_test_simulator_benchmark";
    private static final Pattern LISTENING = Pattern.compile("listening at (http://\\S+)");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Where PostgreSQL is; username and password may be empty when the URL carries them. */
    public record Postgres(String jdbcUrl, String username, String password) {
        public Connection open() throws SQLException {
            Properties properties = new Properties();
            if (!username.isEmpty()) {
                properties.setProperty("user", username);
            }
            if (!password.isEmpty()) {
                properties.setProperty("password", password);
            }
            return DriverManager.getConnection(jdbcUrl, properties);
        }

        /** The password is a secret (guarantee 6): never printed. */
        @Override
        public String toString() {
            return "Postgres[jdbcUrl=" + Redactor.maskUrlPassword(jdbcUrl) + ", username=" + username + ", password=***]";
        }
    }


    public record Options(int conversations, int pageSize, int operators, List<String> warehouses, Postgres postgres,
                          ApiVersion apiVersion, long seed, Path outputDir, Path java, List<String> jvmOptions, Path jar,
                          Path workDir, List<String> childConfigArgs, Duration childTimeout) {
    }

    private final Options options;
    private final PrintStream out;
    private final ChildProcess.ChildJvm jvm;

    public Benchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.jvm = new ChildProcess.ChildJvm(options.java(), options.jvmOptions(), options.jar(), options.workDir());
    }

    /** Runs everything, prints the table, writes the JSON; returns the JSON file and whether every measurement worked. */
    public record Outcome(Path json, boolean allOk) {
    }

    public Outcome run() throws Exception {
        Instant startedAt = Instant.now();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started_at", startedAt.toString());
        report.put("conversations", options.conversations());
        report.put("page_size", options.pageSize());
        report.put("operators", options.operators());
        report.put("api_version", options.apiVersion().header());
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        report.put("child_jvm_options", options.jvmOptions());
        report.put("peak_rss_method", ChildProcess.rssMethod());
        report.put("records_per_second", "records / wall seconds of the measurement; for child processes the wall time is "
                + "from process start to exit (JVM start-up and migration included). Records: (a) conversations parsed, "
                + "(b) rows loaded, (c) and (e) rows in conversations after the run, (d) records the run fetched (sync_runs.fetched)");
        report.put("cpu_seconds", "machine_cpu_seconds: CPU time of every process on the machine during the measurement, "
                + "from /proc/stat; own_cpu_seconds: of the measuring process (this JVM for a and b, the child for c to e)");
        report.put("ceiling", "c_ceiling and e_ceiling: the best c / min(a, b) and e / min(a, b) these CPUs allow: a tool "
                + "spends at least the raw fetch's and the raw load's CPU time, so per record max(a s, b s) / "
                + "((a CPU s + b CPU s) / CPUs); below 1 the machine cannot fetch and load at the slower raw rate at once");
        Map<String, Object> warehouses = new LinkedHashMap<>();
        report.put("warehouses", warehouses);
        boolean allOk = true;
        Map<String, List<Measurement>> tables = new LinkedHashMap<>();
        MachineCpu.Sample machine = MachineCpu.sample();
        Integer cpus = machine == null ? null : MachineCpu.usableCpus(machine);
        Map<String, Map<String, Object>> ratiosByWarehouse = new LinkedHashMap<>();
        for (String warehouse : options.warehouses()) {
            out.println("== " + warehouse + ": starting the simulator with " + options.conversations() + " conversations");
            List<Measurement> measurements = runWarehouse(warehouse);
            tables.put(warehouse, measurements);
            Map<String, Object> section = new LinkedHashMap<>();
            for (Measurement m : measurements) {
                section.put(m.key, m.toJson());
                allOk &= m.ok() || "not available".equals(m.status);
            }
            Map<String, Object> ratios = ratios(warehouse, measurements, cpus);
            ratiosByWarehouse.put(warehouse, ratios);
            section.put("ratios", ratios);
            warehouses.put(warehouse, section);
        }
        report.put("finished_at", Instant.now().toString());
        printTable(tables, ratiosByWarehouse);
        Files.createDirectories(options.outputDir());
        Path json = options.outputDir().resolve("benchmark-" + FILE_TIME.format(startedAt) + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        Files.copy(json, options.outputDir().resolve("benchmark-latest.json"), StandardCopyOption.REPLACE_EXISTING);
        out.println("wrote " + json + " and benchmark-latest.json beside it");
        return new Outcome(json, allOk);
    }

    private List<Measurement> runWarehouse(String warehouse) throws Exception {
        List<Measurement> measurements = new ArrayList<>();
        Instant simulatorStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Measurement simulatorLine = new Measurement("simulator", "simulator process (serving a-e)");
        try (ChildProcess simulator = ChildProcess.start("simulator-" + warehouse, jvm, Map.of(), List.of("simulator",
                "--port", "0", "--conversations", Integer.toString(options.conversations()),
                "--operators", Integer.toString(options.operators()), "--seed", Long.toString(options.seed()),
                "--page-size", Integer.toString(options.pageSize()), "--arrivals-per-minute", "0", "--api-key", API_KEY))) {
            URI baseUrl = awaitListening(simulator);
            List<List<ConversationRow>> pages = new ArrayList<>();
            Measurement fetch = rawFetch(baseUrl, pages);
            measurements.add(fetch);
            // How many conversations this simulator lists, as (a) counted them: what (c) and (e) should end with.
            long listed = fetch.records;
            measurements.addAll(rawLoads(warehouse, pages));
            pages.clear();
            System.gc();
            Target target = target(warehouse);
            try {
                Measurement sync = child("sync", "(c) sync into an empty warehouse", target, List.of("sync"), "rows",
                        baseUrl, listed);
                measurements.add(sync);
                Measurement again = child("resync", "(d) second sync, nothing changed", target, List.of("sync"), "fetched",
                        baseUrl, listed);
                measurements.add(again);
            } finally {
                target.drop();
            }
            Target fresh = target(warehouse);
            try {
                Instant from = simulatorStart.minus(Duration.ofDays(31));
                Instant to = simulatorStart.plus(Duration.ofDays(1));
                measurements.add(child("backfill", "(e) backfill --parallel 2 into an empty warehouse", fresh,
                        List.of("backfill", "--from", from.toString(), "--to", to.toString(), "--parallel", "2"), "rows",
                        baseUrl, listed));
            } finally {
                fresh.drop();
            }
            simulator.stop(Duration.ofSeconds(60));
            simulatorLine.wallSeconds = simulator.wallSeconds();
            simulatorLine.peakRssKb = simulator.peakRssKb();
            simulatorLine.records = options.conversations();
            simulatorLine.basis = "conversations it served";
            simulatorLine.note = "its own process; peak RSS includes the generated history";
            measurements.add(simulatorLine);
        }
        return measurements;
    }

    private URI awaitListening(ChildProcess simulator) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(simulator.stdout());
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!simulator.isAlive()) {
                throw new IllegalStateException("the simulator ended before it listened\n" + simulator.tail());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the simulator did not print its URL within 5 minutes\n" + simulator.tail());
    }

    /** (a): an untimed pass keeps the pages (for (b)) and warms up both sides; the second pass is timed. */
    private Measurement rawFetch(URI baseUrl, List<List<ConversationRow>> pages) throws Exception {
        RawFetch fetch = new RawFetch(baseUrl, API_KEY, options.apiVersion(), options.operators());
        RawFetch.Result warm = fetch.run(true);
        PageParser parser = new PageParser(options.apiVersion());
        Instant observedAt = Instant.now();
        for (RawFetch.Body body : warm.bodies()) {
            Page page = parser.parse(body.bytes(), body.operatorId(), observedAt);
            pages.add(page.rows());
        }
        RawFetch.Result timed = fetch.run(false);
        Measurement m = new Measurement("raw_fetch", "(a) raw fetch: HttpClient + Jackson streaming");
        m.parseSeconds = timed.parseSeconds();
        m.records = timed.records();
        m.basis = "conversations parsed";
        m.time(timed.timing());
        m.requests = timed.requests();
        m.pages = timed.requests();
        m.note = String.format(Locale.ROOT, "%d requests, %.1f MB of JSON, %.2f s of it parsing (the rest is HTTP and the "
                + "simulator), in the benchmark's JVM after one warm-up pass", timed.requests(), timed.bytes() / 1e6, timed.parseSeconds());
        if (timed.records() != options.conversations()) {
            m.note += "; the simulator lists " + timed.records() + " of its " + options.conversations() + " conversations";
        }
        return m;
    }

    /** (b): in one transaction (PostgreSQL: on one and on two connections), then in one transaction per page. */
    private List<Measurement> rawLoads(String warehouse, List<List<ConversationRow>> pages) throws Exception {
        List<ConversationRow> rows = pages.stream().flatMap(List::stream).toList();
        if (warehouse.equals("postgresql")) {
            return List.of(postgresRawLoad(rows, 1), postgresRawLoad(rows, 2), postgresRawLoadPerPage(pages));
        }
        return List.of(duckdbRawLoad(rows), duckdbRawLoadPerPage(pages));
    }

    private Measurement postgresRawLoad(List<ConversationRow> rows, int connections) throws Exception {
        Measurement m = new Measurement("raw_load_" + connections + (connections == 1 ? "_connection" : "_connections"),
                "(b) raw load: binary COPY, " + connections + (connections == 1 ? " connection" : " connections"));
        m.note = "fresh table with the conversations columns and primary key; one COPY + commit per connection";
        return inFreshSchema(m, rows.size(), null, schema -> RawLoad.postgres(options.postgres()::open, schema, rows, connections));
    }

    private Measurement postgresRawLoadPerPage(List<List<ConversationRow>> pages) throws Exception {
        Measurement m = new Measurement("raw_load_per_page", "(b) raw load: COPY, a transaction per page");
        m.note = "fresh table with the conversations columns and primary key; one COPY + commit per page as (a) received it, "
                + "one connection, synchronous_commit off as the sync's writer";
        return inFreshSchema(m, rowCount(pages), (long) pages.size(), schema -> RawLoad.postgresPerPage(options.postgres()::open, schema, pages));
    }

    private Measurement duckdbRawLoad(List<ConversationRow> rows) throws Exception {
        Measurement m = new Measurement("raw_load", "(b) raw load: DuckDB Appender");
        m.note = "fresh file, table with the conversations columns and primary key; one Appender, one transaction";
        return inFreshFile(m, rows.size(), null, c -> RawLoad.duckdb(c, rows));
    }

    private Measurement duckdbRawLoadPerPage(List<List<ConversationRow>> pages) throws Exception {
        Measurement m = new Measurement("raw_load_per_page", "(b) raw load: Appender, a transaction per page");
        m.note = "fresh file, table with the conversations columns and primary key; one Appender + commit per page as (a) "
                + "received it, checkpoint_threshold as the sync's";
        return inFreshFile(m, rowCount(pages), (long) pages.size(), c -> RawLoad.duckdbPerPage(c, pages));
    }

    private static long rowCount(List<List<ConversationRow>> pages) {
        return pages.stream().mapToLong(List::size).sum();
    }

    @FunctionalInterface
    private interface Load<T> {
        Timing into(T target) throws Exception;
    }

    /** Times {@code load} into a PostgreSQL schema made for it and dropped afterwards. */
    private Measurement inFreshSchema(Measurement m, long records, Long pages, Load<String> load) throws Exception {
        String schema = freshSchema("raw");
        try (Connection c = options.postgres().open(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            return timed(m, records, pages, () -> load.into(schema));
        } finally {
            dropPostgresSchema(schema);
        }
    }

    /** Times {@code load} into a DuckDB file made for it and deleted afterwards. */
    private static Measurement inFreshFile(Measurement m, long records, Long pages, Load<Connection> load) throws Exception {
        Path dir = Files.createTempDirectory("operator-sync-benchmark");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb"))) {
            return timed(m, records, pages, () -> load.into(c));
        } catch (SQLException e) {
            fail(m, e);
            return m;
        } finally {
            deleteTree(dir);
        }
    }

    private static Measurement timed(Measurement m, long records, Long pages, Callable<Timing> load) {
        m.basis = "rows loaded";
        try {
            m.time(load.call());
            m.records = records;
            m.pages = pages;
        } catch (Exception e) {
            fail(m, e);
        }
        return m;
    }

    private static void fail(Measurement m, Exception e) {
        m.status = "failed";
        m.note = e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * (c), (d), (e): one operator-sync child against {@code target} and the simulator at {@code baseUrl}; counts from
     * the sync_runs rows it added. {@code listed} is how many conversations that simulator lists, as (a) counted them.
     */
    private Measurement child(String key, String label, Target target, List<String> command, String basis, URI baseUrl,
                              long listed) throws Exception {
        Measurement m = new Measurement(key, label);
        long lastRun = target.lastRunId();
        List<String> args = new ArrayList<>(command);
        args.addAll(options.childConfigArgs());
        Map<String, String> env = new LinkedHashMap<>(target.environment());
        env.put("OPERATOR_API_KEY", API_KEY);
        env.put("OPERATOR_API_VERSION", options.apiVersion().header());
        if (options.apiVersion().perOperator()) {
            env.put("OPERATOR_IDS", String.join(",", OperatorApiSimulator.operatorIds(options.operators())));
        }
        env.put("SYNC_SETTLE_DELAY", "PT0S");
        env.put("OPERATOR_API_BASE_URL", baseUrl.toString());
        out.println("   " + label + ": operator-sync " + String.join(" ", command));
        Timing.Stopwatch stopwatch = Timing.start();
        try (ChildProcess child = ChildProcess.start(key, jvm, env, args)) {
            int exit = child.waitFor(options.childTimeout());
            m.exitCode = exit;
            m.time(stopwatch.stopForChild(child.wallSeconds(), child.cpuSeconds()));
            m.peakRssKb = child.peakRssKb();
            String stderr = child.stderr();
            if (key.equals("backfill") && exit == 2 && (stderr.contains("Unmatched argument") || stderr.contains("Unknown")
                    || stderr.contains("unknown"))) {
                m.status = "not available";
                m.note = "this build has no backfill command (exit 2: " + firstLine(stderr) + ")";
                return m;
            }
            if (exit != 0) {
                m.status = "failed";
                m.note = "exit " + exit + "\n" + child.tail();
            }
        }
        try {
            target.readRuns(m, lastRun);
        } catch (SQLException e) {
            if (m.ok()) {
                fail(m, e);
            }
        }
        if (m.ok()) {
            m.basis = basis.equals("rows") ? "rows in conversations after the run" : "records the run fetched (sync_runs.fetched)";
            m.records = basis.equals("rows") ? nz(m.rowsInTable) : nz(m.fetched);
            if (basis.equals("rows") && m.rowsInTable != null && m.rowsInTable != listed) {
                m.note = "the table holds " + m.rowsInTable + " rows, but the API lists " + listed;
            }
        }
        return m;
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }

    /** @param cpus the CPUs the ceiling assumes, null where the machine's CPU time is unknown */
    private Map<String, Object> ratios(String warehouse, List<Measurement> measurements, Integer cpus) {
        Map<String, Measurement> byKey = new LinkedHashMap<>();
        measurements.forEach(m -> byKey.put(m.key, m));
        double a = rate(byKey.get("raw_fetch"));
        double b1 = warehouse.equals("postgresql") ? rate(byKey.get("raw_load_1_connection")) : rate(byKey.get("raw_load"));
        double b2 = warehouse.equals("postgresql") ? rate(byKey.get("raw_load_2_connections")) : b1;
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("c_over_min_a_b", ratio(rate(byKey.get("sync")), Math.min(a, b1)));
        ratios.put("c_over_min_a_b_basis", warehouse.equals("postgresql") ? "b = COPY on 1 connection" : "b = Appender");
        ratios.put("e_over_min_a_b", ratio(rate(byKey.get("backfill")), Math.min(a, b2)));
        ratios.put("e_over_min_a_b_basis", warehouse.equals("postgresql") ? "b = COPY on 2 connections" : "b = Appender");
        ratios.put("c_run_over_min_a_b", ratio(runRate(byKey.get("sync")), Math.min(a, b1)));
        ratios.put("e_run_over_min_a_b", ratio(runRate(byKey.get("backfill")), Math.min(a, b2)));
        double bPage = rate(byKey.get("raw_load_per_page"));
        ratios.put("c_over_min_a_b_per_page", ratio(rate(byKey.get("sync")), Math.min(a, bPage)));
        ratios.put("c_run_over_min_a_b_per_page", ratio(runRate(byKey.get("sync")), Math.min(a, bPage)));
        Measurement fetch = byKey.get("raw_fetch");
        if (fetch != null && fetch.pages != null && fetch.pages > 0) {
            ratios.put("mean_rows_per_page", Measurement.round((double) fetch.records / fetch.pages));
        }
        ratios.put("ms_per_page_raw_fetch", msPerPage(fetch));
        ratios.put("ms_per_page_raw_load", msPerPage(byKey.get("raw_load_per_page")));
        ratios.put("ms_per_page_sync", msPerPage(byKey.get("sync")));
        if (cpus != null) {
            Measurement load1 = byKey.get(warehouse.equals("postgresql") ? "raw_load_1_connection" : "raw_load");
            Measurement load2 = byKey.get(warehouse.equals("postgresql") ? "raw_load_2_connections" : "raw_load");
            ratios.put("cpus", cpus);
            ratios.put("c_ceiling", roundOrNull(Ceiling.of(byKey.get("raw_fetch"), load1, cpus)));
            ratios.put("e_ceiling", roundOrNull(Ceiling.of(byKey.get("raw_fetch"), load2, cpus)));
        }
        Measurement d = byKey.get("resync");
        if (d != null) {
            ratios.put("d_requests", d.requests);
            ratios.put("d_row_writes", d.rowWrites());
        }
        return ratios;
    }

    private static Double msPerPage(Measurement m) {
        return m == null ? null : roundOrNull(m.msPerPage());
    }

    private static double rate(Measurement m) {
        return m == null ? 0 : m.recordsPerSecond();
    }

    private static double runRate(Measurement m) {
        return m == null ? 0 : m.recordsPerRunSecond();
    }

    private static Double roundOrNull(Double value) {
        return value == null ? null : Measurement.round(value);
    }

    private static Object ratio(double numerator, double denominator) {
        return numerator > 0 && denominator > 0 ? Measurement.round(numerator / denominator) : null;
    }

    private void printTable(Map<String, List<Measurement>> tables, Map<String, Map<String, Object>> ratiosByWarehouse) {
        out.println();
        out.printf(Locale.ROOT, "operator-sync benchmark: %d conversations, page size %d, %d operators, API %s, %d CPUs, java %s%n",
                options.conversations(), options.pageSize(), options.operators(), options.apiVersion().header(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.println("records/s = records / wall s; child wall time is process start to exit (JVM start-up included), run s is "
                + "the sync_runs span; records: (a) parsed, (b) loaded, (c)(e) rows in the table, (d) fetched");
        out.println("peak RSS: " + ChildProcess.rssMethod());
        out.println("CPU s: CPU-seconds of every process on the machine during the measurement (/proc/stat); own: of the "
                + "measuring process (the benchmark's JVM for a and b, the operator-sync child for c to e)");
        String format = "%-10s %-48s %9s %9s %11s %8s %9s %7s %7s  %s%n";
        out.println();
        out.printf(Locale.ROOT, format, "warehouse", "measurement", "records", "wall s", "records/s", "run s", "RSS MiB", "CPU s",
                "own", "notes");
        for (Map.Entry<String, List<Measurement>> entry : tables.entrySet()) {
            for (Measurement m : entry.getValue()) {
                String notes = m.ok() ? shortNote(m) : m.status + (m.note == null ? "" : ": " + firstLine(m.note));
                out.printf(Locale.ROOT, format, entry.getKey(), m.label,
                        m.ok() ? Long.toString(m.records) : "-",
                        m.ok() ? String.format(Locale.ROOT, "%.2f", m.wallSeconds) : "-",
                        m.ok() && !m.key.equals("simulator") ? String.format(Locale.ROOT, "%,.0f", m.recordsPerSecond()) : "-",
                        m.runSeconds == null ? "-" : String.format(Locale.ROOT, "%.2f", m.runSeconds),
                        m.peakRssKb == null || m.peakRssKb < 0 ? "-" : String.format(Locale.ROOT, "%.0f", m.peakRssKb / 1024.0),
                        seconds(m.machineCpuSeconds), seconds(m.ownCpuSeconds), notes);
            }
            Map<String, Object> r = ratiosByWarehouse.get(entry.getKey());
            out.printf(Locale.ROOT, "%-10s c / min(a, b) = %s (%s);  e / min(a, b) = %s (%s)%n", entry.getKey(),
                    orNa(r.get("c_over_min_a_b")), r.get("c_over_min_a_b_basis"), orNa(r.get("e_over_min_a_b")), r.get("e_over_min_a_b_basis"));
            out.printf(Locale.ROOT, "%-10s by run s instead of wall s (JVM start-up left out): c / min(a, b) = %s;  e / min(a, b) = %s%n",
                    entry.getKey(), orNa(r.get("c_run_over_min_a_b")), orNa(r.get("e_run_over_min_a_b")));
            out.printf(Locale.ROOT, "%-10s ms per page (%s rows a page on average): (a) raw fetch %s, (b) raw load a transaction per "
                            + "page %s, (c) sync %s by run s;  c / min(a, b per page) = %s, by run s %s%n", entry.getKey(),
                    oneDecimal(r.get("mean_rows_per_page")), twoDecimals(r.get("ms_per_page_raw_fetch")),
                    twoDecimals(r.get("ms_per_page_raw_load")), twoDecimals(r.get("ms_per_page_sync")),
                    orNa(r.get("c_over_min_a_b_per_page")), orNa(r.get("c_run_over_min_a_b_per_page")));
            if (r.get("cpus") != null) {
                out.printf(Locale.ROOT, "%-10s ceiling on %s CPUs (a tool spends at least a's and b's CPU time, "
                        + "(a CPU s + b CPU s) / CPUs): c / min(a, b) <= %s;  e / min(a, b) <= %s%n", entry.getKey(), r.get("cpus"),
                        orNa(r.get("c_ceiling")), orNa(r.get("e_ceiling")));
            }
            out.printf(Locale.ROOT, "%-10s (d) requests = %s, row writes (inserted + updated) = %s%n", entry.getKey(),
                    orNa(r.get("d_requests")), orNa(r.get("d_row_writes")));
            out.println();
        }
    }

    private static String shortNote(Measurement m) {
        List<String> parts = new ArrayList<>();
        if (m.fetched != null) {
            parts.add(m.fetched + " fetched");
            parts.add(m.requests + " requests");
            parts.add(m.inserted + " inserted");
            parts.add(m.updated + " updated");
        }
        if (m.note != null && !m.key.startsWith("raw_load")) {
            parts.add(firstLine(m.note));
        }
        return String.join(", ", parts);
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String oneDecimal(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : "n/a";
    }

    private static String twoDecimals(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : "n/a";
    }

    private static String orNa(Object value) {
        return value == null ? "n/a" : value.toString();
    }

    private static String freshSchema(String purpose) {
        return "bench_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private void dropPostgresSchema(String schema) {
        try (Connection c = options.postgres().open(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            out.println("warning: could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Target target(String warehouse) throws IOException {
        return warehouse.equals("postgresql") ? new PostgresTarget() : new DuckDbTarget();
    }

    /** A fresh, empty warehouse for one or two child runs: a PostgreSQL schema or a DuckDB file. */
    private abstract class Target {
        final String schema = freshSchema("wh");

        abstract Map<String, String> environment();

        abstract Connection open() throws SQLException;

        abstract String runSpanSeconds();

        abstract void drop() throws IOException;

        /** The newest run_id in sync_runs, 0 before the first run (no table yet). */
        long lastRunId() {
            try (Connection c = open(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT coalesce(max(run_id), 0) FROM " + schema + ".sync_runs")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                return 0;
            }
        }

        void readRuns(Measurement m, long afterRunId) throws SQLException {
            try (Connection c = open()) {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*), sum(pages), sum(requests), sum(fetched), sum(inserted), "
                        + "sum(updated), sum(unchanged), sum(dead_lettered), " + runSpanSeconds() + ", "
                        + "sum(CASE WHEN status = 'succeeded' THEN 0 ELSE 1 END) FROM " + schema + ".sync_runs WHERE run_id > ?")) {
                    s.setLong(1, afterRunId);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        m.runs = rs.getLong(1);
                        m.pages = rs.getLong(2);
                        m.requests = rs.getLong(3);
                        m.fetched = rs.getLong(4);
                        m.inserted = rs.getLong(5);
                        m.updated = rs.getLong(6);
                        m.unchanged = rs.getLong(7);
                        m.deadLettered = rs.getLong(8);
                        double span = rs.getDouble(9);
                        m.runSeconds = rs.wasNull() ? null : span;
                        if (rs.getLong(10) > 0 && m.ok()) {
                            m.status = "failed";
                            m.note = rs.getLong(10) + " of its sync_runs rows did not succeed";
                        }
                    }
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".conversations")) {
                    rs.next();
                    m.rowsInTable = rs.getLong(1);
                }
            }
        }
    }

    private final class PostgresTarget extends Target {
        @Override
        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("WAREHOUSE_JDBC_URL", options.postgres().jdbcUrl());
            if (!options.postgres().username().isEmpty()) {
                env.put("WAREHOUSE_USERNAME", options.postgres().username());
            }
            if (!options.postgres().password().isEmpty()) {
                env.put("WAREHOUSE_PASSWORD", options.postgres().password());
            }
            env.put("WAREHOUSE_SCHEMA", schema);
            return env;
        }

        @Override
        Connection open() throws SQLException {
            return options.postgres().open();
        }

        @Override
        String runSpanSeconds() {
            return "EXTRACT(EPOCH FROM (max(finished_at) - min(started_at)))::float8";
        }

        @Override
        void drop() {
            dropPostgresSchema(schema);
        }
    }

    private final class DuckDbTarget extends Target {
        private final Path dir;
        private final Path file;

        DuckDbTarget() throws IOException {
            dir = Files.createTempDirectory("operator-sync-benchmark");
            file = dir.resolve("warehouse.duckdb");
        }

        @Override
        Map<String, String> environment() {
            return Map.of("WAREHOUSE_JDBC_URL", "jdbc:duckdb:" + file, "WAREHOUSE_SCHEMA", schema);
        }

        @Override
        Connection open() throws SQLException {
            if (!Files.exists(file)) {
                throw new SQLException("no database file yet");
            }
            return DriverManager.getConnection("jdbc:duckdb:" + file);
        }

        @Override
        String runSpanSeconds() {
            return "CAST(epoch(max(finished_at)) - epoch(min(started_at)) AS DOUBLE)";
        }

        @Override
        void drop() throws IOException {
            deleteTree(dir);
        }
    }
}
