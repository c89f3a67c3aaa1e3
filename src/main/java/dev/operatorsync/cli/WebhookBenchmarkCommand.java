package dev.operatorsync.cli;

import dev.operatorsync.benchmark.WebhookBenchmark;
import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "benchmark-webhooks", mixinStandardHelpOptions = true,
        description = {"Measure the webhook path under load: for each rate, a `run` child (syncs every 10 s over a simulator whose",
                "conversations keep arriving) receives that many signed events a second for --duration. Prints p50/p95/p99/max",
                "of the seconds from each event's X-Timestamp and from its arrival to its row committed, and of the receiver's",
                "answer times. Run it from the folder holding config/ and routes/, after mvn package.",
                "Exit status: 0 every rate ran, 1 one failed, 2 bad usage."})
final class WebhookBenchmarkCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--rates", paramLabel = "LIST", split = ",", description = "Events a second, comma-separated (default: 10,50,200).")
    List<Double> rates = new ArrayList<>(List.of(10.0, 50.0, 200.0));

    @Option(names = "--duration", paramLabel = "DURATION", description = "How long each rate is sent (default: ${DEFAULT-VALUE}).")
    String duration = "PT1M";

    @Option(names = "--conversations", paramLabel = "N", description = "Conversations the simulator holds (default: ${DEFAULT-VALUE}).")
    int conversations = 20_000;

    @Option(names = "--warehouse-url", paramLabel = "JDBC_URL", description = {"Where the child writes: PostgreSQL (a fresh schema per rate,",
            "dropped after) or jdbc:duckdb:FILE (a fresh file per rate). Default: warehouse.jdbc-url."})
    String warehouseUrl;

    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "A JVM option for the child (repeatable).")
    List<String> jvmOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Duration each;
        try {
            each = Duration.parse(duration);
        } catch (DateTimeParseException e) {
            throw new ConfigException("--duration", "must be an ISO-8601 duration (e.g. PT1M), got '" + duration + "'");
        }
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw new ConfigException("--rates", "must be positive numbers, got " + rates);
        }
        ConfigSource source = config.source();
        String url = warehouseUrl != null ? warehouseUrl : source.get("warehouse.jdbc-url").orElse("jdbc:duckdb:data/warehouse.duckdb");
        Path workDir = Path.of("").toAbsolutePath();
        Path jar = workDir.resolve("target").resolve("operator-sync.jar");
        if (!Files.isRegularFile(jar)) {
            throw new ConfigException("--config", "no " + jar + ": run mvn package first, from the folder holding config/ and routes/");
        }
        WebhookBenchmark.Options options = new WebhookBenchmark.Options(rates, each, conversations, url,
                source.get("warehouse.username").orElse(null), source.get("warehouse.password").orElse(null), jar, workDir, jvmOptions);
        return new WebhookBenchmark(options, System.out).run() ? OperatorSync.OK : OperatorSync.FAILED;
    }
}
