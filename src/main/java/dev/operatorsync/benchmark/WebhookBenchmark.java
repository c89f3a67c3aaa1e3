package dev.operatorsync.benchmark;

import dev.operatorsync.simulator.OperatorApiSimulator;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.simulator.WebhookSender;
import dev.operatorsync.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.nio.file.Path;

/**
 * The webhook path under load: a {@code run} child (its syncs on a 10-second schedule, over a simulator whose
 * conversations keep arriving) receives {@code rate} signed events a second from the simulator for {@code duration}.
 * Prints, per rate, the seconds from each event's {@code X-Timestamp} (whole seconds, as the contract signs it) and from
 * its arrival to the commit that finished it, and the receiver's answer times as the sender saw them.
 */
public final class WebhookBenchmark {
    /** The worker outcomes that finish an event; the rest are the receiver's answers. */
    private static final Set<String> FINISHED = Set.of("written", "unchanged", "not_found", "operator_not_configured", "dead_lettered");

    /**
     * @param warehouse   where the child writes: a PostgreSQL URL (a fresh schema is made and dropped) or a DuckDB file URL
     */
    public record Options(List<Double> rates, Duration duration, int conversations, String jdbcUrl, String username,
                          String password, Path jar, Path workDir, List<String> jvmOptions) {
    }

    private final Options options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    public WebhookBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** One line per rate; false when a rate's run failed. */
    public boolean run() throws Exception {
        out.printf("%8s %8s %8s | %-31s | %-31s | %-27s%n", "events/s", "posted", "finished", "X-Timestamp to row s p50/p95/p99/max",
                "arrival to row s p50/p95/p99/max", "answer ms p50/p95/p99/max");
        boolean ok = true;
        for (double rate : options.rates()) {
            ok &= measure(rate);
        }
        return ok;
    }

    private boolean measure(double rate) throws Exception {
        String schema = "webhook_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String jdbcUrl = options.jdbcUrl().startsWith("jdbc:duckdb:") ? options.jdbcUrl().replace(".duckdb", "-" + schema + ".duckdb")
                : options.jdbcUrl();
        SimulatorOptions simulatorOptions = SimulatorOptions.defaults().withPort(0).withConversations(options.conversations())
                .withArrivalsPerMinute(60);
        String secret = UUID.randomUUID().toString();
        int webhookPort = freePort();
        int managementPort = freePort();
        String url = "http://127.0.0.1:" + webhookPort + "/webhooks/operator";
        try (OperatorApiSimulator simulator = OperatorApiSimulator.start(simulatorOptions)) {
            simulator.useSystemClock();
            Map<String, String> env = new HashMap<>();
            env.put("OPERATOR_API_BASE_URL", simulator.baseUrl().toString());
            env.put("OPERATOR_API_KEY", simulatorOptions.apiKey());
            env.put("OPERATOR_IDS", String.join(",", OperatorApiSimulator.operatorIds(simulatorOptions.operators())));
            env.put("WAREHOUSE_JDBC_URL", jdbcUrl);
            env.put("WAREHOUSE_SCHEMA", schema);
            if (options.username() != null) {
                env.put("WAREHOUSE_USERNAME", options.username());
            }
            if (options.password() != null) {
                env.put("WAREHOUSE_PASSWORD", options.password());
            }
            env.put("SYNC_SCHEDULE", "0/10 * * * * ?");
            env.put("SYNC_SETTLE_DELAY", "PT2S");
            env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
            env.put("ADMIN_HTTP_PORT", Integer.toString(freePort()));
            env.put("WEBHOOK_PORT", Integer.toString(webhookPort));
            env.put("WEBHOOK_HOST", "127.0.0.1");
            env.put("OPERATOR_WEBHOOK_SECRET", secret);
            ChildProcess.ChildJvm jvm = new ChildProcess.ChildJvm(Path.of(System.getProperty("java.home"), "bin", "java"),
                    options.jvmOptions(), options.jar(), options.workDir());
            String metrics = "http://127.0.0.1:" + managementPort + "/observe/metrics";
            Instant start;
            WebhookSender.WebhookStats stats;
            long dropped;
            try (ChildProcess child = ChildProcess.start("webhook-" + (int) rate, jvm, env, List.of("run"))) {
                await(child, "the first sync", Duration.ofMinutes(10), () -> metric(metrics, "operator_sync_runs_total", "kind=\"sync\"", "status=\"succeeded\"") >= 1);
                start = Instant.now();
                WebhookSender sender = simulator.sendWebhooks(URI.create(url), secret, rate);
                Thread.sleep(options.duration().toMillis());
                sender.close();
                stats = sender.stats();
                dropped = sender.dropped();
                long accepted = stats.statuses().getOrDefault(202, 0L);
                await(child, "the accepted events to finish", Duration.ofMinutes(5), () -> finished(metrics) >= accepted);
                child.stop(Duration.ofMinutes(2));
            }
            List<Instant[]> events;
            try (Warehouse warehouse = Warehouse.open(jdbcUrl, options.username(), options.password(), schema)) {
                events = warehouse.webhookEvents().latencies(start);
                drop(warehouse, jdbcUrl, schema);
            }
            double[] fromTimestamp = events.stream().mapToDouble(e -> seconds(e[0], e[2])).sorted().toArray();
            double[] fromArrival = events.stream().mapToDouble(e -> seconds(e[1], e[2])).sorted().toArray();
            double[] answers = stats.answerMillis();
            long within2s = Arrays.stream(fromTimestamp).filter(s -> s <= 2.0).count();
            out.printf("%8.0f %8d %8d | %-31s | %-31s | %-27s%n", rate, answers.length, events.size(), quantiles(fromTimestamp, "%.2f"),
                    quantiles(fromArrival, "%.2f"), quantiles(answers, "%.0f"));
            out.printf("%8s answers %s%s, %d not posted (256 unanswered); %.1f%% of events within 2 s of X-Timestamp%n", "",
                    stats.statuses(), stats.failures().isEmpty() ? "" : " (no answer: " + stats.failures() + ")", dropped,
                    events.isEmpty() ? 0 : 100.0 * within2s / events.size());
            return !events.isEmpty();
        } catch (IllegalStateException e) {
            out.println("rate " + rate + " failed: " + e.getMessage());
            return false;
        }
    }

    private static String quantiles(double[] sorted, String format) {
        if (sorted.length == 0) {
            return "-";
        }
        return String.format(format, at(sorted, 0.50)) + " / " + String.format(format, at(sorted, 0.95)) + " / "
                + String.format(format, at(sorted, 0.99)) + " / " + String.format(format, sorted[sorted.length - 1]);
    }

    /** Nearest rank. */
    private static double at(double[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private long finished(String metrics) {
        long total = 0;
        for (String outcome : FINISHED) {
            total += metric(metrics, "operator_sync_webhook_events_total", "outcome=\"" + outcome + "\"");
        }
        return total;
    }

    /** The sum of a metric's series whose labels contain every {@code labels} part; 0 when unreachable. */
    private long metric(String metricsUrl, String name, String... labels) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void await(ChildProcess child, String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("waiting for " + what + ": " + (child.isAlive() ? "timed out" : "the child ended") + "\n"
                        + child.tail());
            }
            Thread.sleep(200);
        }
    }

    private static void drop(Warehouse warehouse, String jdbcUrl, String schema) throws SQLException, IOException {
        if (jdbcUrl.startsWith("jdbc:duckdb:")) {
            warehouse.close();
            java.nio.file.Files.deleteIfExists(Path.of(jdbcUrl.substring("jdbc:duckdb:".length())));
            java.nio.file.Files.deleteIfExists(Path.of(jdbcUrl.substring("jdbc:duckdb:".length()) + ".wal"));
            return;
        }
        try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
