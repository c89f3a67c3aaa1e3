package dev.operatorsync.cli;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.benchmark.Benchmark;
import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.Redactor;
import dev.operatorsync.config.ConfigSource;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure the sync against its limits on this machine, per warehouse: a simulator with N conversations in its",
                "own process; (a) raw fetch (HttpClient + Jackson streaming, writes nothing); (b) raw load (binary COPY on 1 and 2",
                "connections / DuckDB Appender into a fresh table, and once more with a transaction per page); (c) sync into an empty warehouse; (d) a second sync with nothing",
                "changed; (e) backfill of the whole history with --parallel 2. Prints a table (records/s, c / min(a, b),",
                "e / min(a, b), milliseconds per page of a, b per page and c, peak RSS of each process, CPU-seconds of the machine and of the measuring process, the",
                "machine's ceiling for both ratios, requests and row writes of d) and writes it as JSON to",
                "DIR/benchmark-<time>.json and DIR/benchmark-latest.json. Every schema, file and process it makes, it removes.",
                "Run it from the folder holding config/ and routes/, after mvn package.",
                "Exit status: 0 every measurement ran (backfill may be 'not available'), 1 one failed, 2 bad usage or an",
                "unreachable PostgreSQL."})
final class BenchmarkCommand implements Callable<Integer> {
    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @Mixin
    ConfigOptions config;

    @Option(names = "--conversations", paramLabel = "N", description = "Conversations the simulator holds (default: ${DEFAULT-VALUE}).")
    int conversations = 200_000;

    @Option(names = "--page-size", paramLabel = "N",
            description = "The simulator's largest page; pages hold between about half of it and it (default: ${DEFAULT-VALUE}, as the simulator serves).")
    int pageSize = 100;

    @Option(names = "--operators", paramLabel = "N", description = "Operators op_1 ... op_N (default: ${DEFAULT-VALUE}).")
    int operators = 3;

    @Option(names = "--warehouses", paramLabel = "LIST", split = ",",
            description = "Which warehouses to measure, comma-separated: postgresql, duckdb (default: postgresql,duckdb).")
    List<String> warehouses = new ArrayList<>(List.of("postgresql", "duckdb"));

    @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
            description = {"PostgreSQL to measure; each measurement makes and drops its own schema there. Default: warehouse.jdbc-url",
                    "(WAREHOUSE_JDBC_URL or the config file) when it is a PostgreSQL URL, else " + DEFAULT_POSTGRES_URL + ".",
                    "Credentials: in the URL, or warehouse.username / warehouse.password (WAREHOUSE_USERNAME / WAREHOUSE_PASSWORD)."})
    String postgresUrl;

    @Option(names = "--api-version", paramLabel = "VERSION", description = "Operator-Version to sync with: 2024-11-11 or 2025-06-19 (default: ${DEFAULT-VALUE}).")
    String apiVersion = "2024-11-11";

    @Option(names = "--seed", description = "Seed of the simulator's data (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--output", paramLabel = "DIR", description = "Where the JSON report goes (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("target");

    @Option(names = "--jvm-option", paramLabel = "OPTION",
            description = "A JVM option for every operator-sync child (repeatable), e.g. --jvm-option=-Xmx512m. Default: none, as a user runs it.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--child-timeout", paramLabel = "DURATION", description = "Longest one child run may take (default: ${DEFAULT-VALUE}).")
    String childTimeout = "PT30M";

    @Override
    public Integer call() throws Exception {
        if (conversations < 1) {
            throw new ConfigException("--conversations", "must be at least 1, got " + conversations);
        }
        if (pageSize < 1) {
            throw new ConfigException("--page-size", "must be at least 1, got " + pageSize);
        }
        if (operators < 1) {
            throw new ConfigException("--operators", "must be at least 1, got " + operators);
        }
        List<String> chosen = warehouses.stream().map(w -> w.trim().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).distinct().toList();
        if (chosen.isEmpty() || !List.of("postgresql", "duckdb").containsAll(chosen)) {
            throw new ConfigException("--warehouses", "must list postgresql and/or duckdb, got " + warehouses);
        }
        ApiVersion version = ApiVersion.fromHeader(apiVersion).orElseThrow(() -> new ConfigException("--api-version",
                "must be one of " + Arrays.toString(ApiVersion.values()) + ", got '" + apiVersion + "'"));
        Duration timeout;
        try {
            timeout = Duration.parse(childTimeout);
        } catch (DateTimeParseException e) {
            throw new ConfigException("--child-timeout", "is not an ISO-8601 duration (e.g. PT30M): '" + childTimeout + "'");
        }
        ConfigSource source = config.source();
        Benchmark.Postgres postgres = new Benchmark.Postgres(resolvePostgresUrl(source),
                source.get("warehouse.username").orElse(""), source.get("warehouse.password").orElse(""));
        if (chosen.contains("postgresql")) {
            try (Connection ignored = postgres.open()) {
                // reachable
            } catch (SQLException e) {
                throw new ConfigException("--postgres-url", "cannot connect to PostgreSQL at " + Redactor.maskUrlPassword(postgres.jdbcUrl())
                        + ": " + e.getMessage() + " (pass --postgres-url, or --warehouses duckdb)");
            }
        }
        Path workDir = Path.of("").toAbsolutePath();
        List<String> childConfigArgs = new ArrayList<>();
        if (!config.configFile.equals(Path.of("config", "application.properties"))) {
            childConfigArgs.addAll(List.of("--config", config.configFile.toAbsolutePath().toString()));
        }
        if (!config.routesDir.equals(Path.of("routes"))) {
            childConfigArgs.addAll(List.of("--routes", config.routesDir.toAbsolutePath().toString()));
        }
        config.requireRoutes();
        Benchmark.Options options = new Benchmark.Options(conversations, pageSize, operators, chosen, postgres, version, seed,
                output.toAbsolutePath(), Path.of(System.getProperty("java.home"), "bin", "java"), List.copyOf(jvmOptions),
                jar(workDir), workDir, childConfigArgs, timeout);
        Benchmark.Outcome outcome = new Benchmark(options, System.out).run();
        return outcome.allOk() ? OperatorSync.OK : OperatorSync.FAILED;
    }

    private String resolvePostgresUrl(ConfigSource source) {
        if (postgresUrl != null && !postgresUrl.isBlank()) {
            if (!postgresUrl.startsWith("jdbc:postgresql:")) {
                throw new ConfigException("--postgres-url", "must start with jdbc:postgresql:, got '" + Redactor.maskUrlPassword(postgresUrl) + "'");
            }
            return postgresUrl;
        }
        return source.get("warehouse.jdbc-url").filter(u -> u.startsWith("jdbc:postgresql:")).orElse(DEFAULT_POSTGRES_URL);
    }

    /** The jar this command runs from, else target/operator-sync.jar: the children run the same build. */
    private static Path jar(Path workDir) {
        try {
            Path self = Path.of(BenchmarkCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return self;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the built jar
        }
        Path built = workDir.resolve("target").resolve("operator-sync.jar");
        if (!Files.isRegularFile(built)) {
            throw new ConfigException("--config", "no " + built + " to start the children from; run mvn -DskipTests package first");
        }
        return built;
    }
}
