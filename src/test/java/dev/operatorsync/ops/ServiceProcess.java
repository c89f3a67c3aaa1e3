package dev.operatorsync.ops;

import dev.operatorsync.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real {@code java -jar target/operator-sync.jar COMMAND} child, started from the project root and configured
 * only by environment variables, as a service manager starts it. Output goes to files so a full pipe never
 * blocks it; a failing assertion shows everything it printed.
 */
final class ServiceProcess implements AutoCloseable {
    private static final List<String> CONFIG_PREFIXES = List.of("OPERATOR_", "WAREHOUSE_", "SYNC_", "CAMEL_", "MANAGEMENT_",
            "HEALTH_", "LOGGING_");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String label;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ServiceProcess(String label, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path projectRoot() {
        Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("pom.xml"))) {
            throw new IllegalStateException("not the project root: " + root);
        }
        return root;
    }

    static ServiceProcess start(String label, Map<String, String> environment, String... args) {
        Path jar = projectRoot().resolve("target").resolve("operator-sync.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run the *IT tests with mvn verify (after package)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("operator-sync-" + label + "-", ".out");
            Path err = Files.createTempFile("operator-sync-" + label + "-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(projectRoot().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> CONFIG_PREFIXES.stream().anyMatch(k::startsWith));
            builder.environment().putAll(environment);
            return new ServiceProcess(label, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables that point a child at a PostgreSQL schema of the test server. */
    static Map<String, String> postgres(String schema) {
        TestDatabases.Server server = TestDatabases.postgres();
        Map<String, String> env = new HashMap<>();
        env.put("WAREHOUSE_JDBC_URL", server.jdbcUrl());
        if (server.username() != null) {
            env.put("WAREHOUSE_USERNAME", server.username());
        }
        if (server.password() != null) {
            env.put("WAREHOUSE_PASSWORD", server.password());
        }
        env.put("WAREHOUSE_SCHEMA", schema);
        return env;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET on localhost; status -1 while nothing listens yet. */
    static Response get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    record Response(int status, String body) {
    }

    /** SIGTERM ({@link Process#destroy()} on Linux) and the exit status, failing after {@code timeout}. */
    int terminate(Duration timeout) {
        process.destroy();
        return exitCode(timeout);
    }

    int exitCode(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(label + " did not end within " + timeout + "; killed it\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls until {@code condition} holds; fails with the child's output if it ends first or time runs out. */
    void awaitWhileAlive(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(label + " ended (exit " + process.exitValue() + ") before " + what + "\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "\n" + output());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    String output() {
        return "--- " + label + " stdout ---\n" + stdout() + "--- " + label + " stderr ---\n" + stderr() + "--- end of " + label + " ---";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // temp files
        }
    }
}
