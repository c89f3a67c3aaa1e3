package dev.operatorsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * One {@code java -jar target/operator-sync.jar ...} child process, as a user or a cron job starts it: from
 * the project root (so it finds {@code config/} and {@code routes/}), configured only through environment
 * variables. Its output goes to files, so a chatty child never blocks on a full pipe and a failing test
 * can show everything it printed. Closing it kills it if it still runs and removes the files.
 */
public final class CliProcess implements AutoCloseable {
    /** Exit status of a process ended by SIGKILL, as {@link Process#exitValue()} reports it on Linux. */
    public static final int KILLED = 128 + 9;
    /** Every variable that could configure the child from the test's own environment is dropped. */
    private static final List<String> CONFIG_PREFIXES = List.of("OPERATOR_", "WAREHOUSE_", "SYNC_", "CAMEL_", "MANAGEMENT_",
            "HEALTH_", "LOGGING_", "BACKFILL_", "ADMIN_", "CLUSTER_", "WEBHOOK_");

    private final String label;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(String label, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The folder holding pom.xml, config/, routes/ and target/ (failsafe runs tests there and sets basedir). */
    public static Path projectRoot() {
        Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("pom.xml"))) {
            throw new IllegalStateException("not the project root: " + root);
        }
        return root;
    }

    public static Path jar() {
        Path jar = projectRoot().resolve("target").resolve("operator-sync.jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.getParent().resolve("lib"))) {
            throw new IllegalStateException("no " + jar + " with target/lib/: run the *IT tests with mvn verify (after package)");
        }
        return jar;
    }

    /** Starts {@code operator-sync args...} with the given variables on top of a clean environment. */
    public static CliProcess start(String label, Map<String, String> environment, String... args) {
        return start(label, environment, List.of(), args);
    }

    /**
     * As {@link #start}, with SIGINT at its default action: a process started in the background by a script inherits
     * SIGINT ignored (and the JVM then leaves it ignored), which a user's Ctrl-C on a terminal never meets.
     */
    public static CliProcess startWithCtrlC(String label, Map<String, String> environment, String... args) {
        return start(label, environment, List.of("env", "--default-signal=INT"), args);
    }

    private static CliProcess start(String label, Map<String, String> environment, List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Short-lived children start faster and leave the CPU to each other on C1 alone.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return start(label, command, environment);
    }

    /** Starts {@code bin/operator-sync args...} on the tests' JVM (JAVA_HOME), as a user or the image runs it. */
    public static CliProcess startLauncher(String label, Map<String, String> environment, String... args) {
        jar();
        List<String> command = new ArrayList<>();
        command.add(projectRoot().resolve("bin").resolve("operator-sync").toString());
        command.addAll(List.of(args));
        Map<String, String> withJava = new HashMap<>(environment);
        withJava.put("JAVA_HOME", System.getProperty("java.home"));
        return start(label, command, withJava);
    }

    private static CliProcess start(String label, List<String> command, Map<String, String> environment) {
        try {
            Path stdout = Files.createTempFile("operator-sync-" + label + "-", ".out");
            Path stderr = Files.createTempFile("operator-sync-" + label + "-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(projectRoot().toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().keySet().removeIf(k -> CONFIG_PREFIXES.stream().anyMatch(k::startsWith));
            builder.environment().putAll(environment);
            return new CliProcess(label, builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to end by itself and returns its exit status; fails the test after {@code timeout}. */
    public int exitCode(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(label + " did not end within " + timeout + "; killed it.\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + label, e);
        }
    }

    /** SIGKILL (no shutdown hook, no rollback, no flush) and wait until it is gone; returns its exit status. */
    public int kill() {
        process.destroyForcibly();
        return exitCode(Duration.ofSeconds(30));
    }

    /** Sends a signal by name (INT, TERM as a terminal's Ctrl-C or a service manager does; STOP, CONT) and returns. */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -s " + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGTERM, as a service manager stops it, and wait until it is gone; returns its exit status. */
    public int terminate(Duration timeout) {
        process.destroy();
        return exitCode(timeout);
    }

    /**
     * Polls {@code condition} until it holds; fails with the child's output if the child ends first or
     * {@code timeout} passes.
     */
    public void awaitWhileAlive(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(label + " ended (exit " + process.exitValue() + ") before " + what + "\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "\n" + output());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Everything the child printed, labelled, for failure messages. */
    public String output() {
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
            // temp files; the OS cleans up what is left
        }
    }
}
