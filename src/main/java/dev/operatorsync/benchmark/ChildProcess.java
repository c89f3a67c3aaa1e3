package dev.operatorsync.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code java -jar operator-sync.jar ...} child, started from the project root and configured only by
 * environment variables, with its wall time, peak resident set size and CPU time. Peak RSS and CPU time come from
 * GNU {@code /usr/bin/time -f "%M %U %S"} when that exists (exact: the kernel's maxrss and rusage at exit); else
 * there is no CPU time and peak RSS comes from polling
 * {@code VmHWM} in {@code /proc/<pid>/status} every 20 ms (the kernel's high-water mark, so a late poll still
 * sees an earlier peak). Output goes to files so a chatty child never blocks on a full pipe.
 */
final class ChildProcess implements AutoCloseable {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");
    /** Variables that would configure the child from the benchmark's own environment are dropped. */
    private static final List<String> CONFIG_PREFIXES = List.of("OPERATOR_", "WAREHOUSE_", "SYNC_", "CAMEL_");

    private final String label;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Path rssFile;
    private final long startNanos;
    private final Thread poller;
    private volatile long polledPeakKb = -1;
    private long wallNanos = -1;

    private ChildProcess(String label, Process process, Path stdout, Path stderr, Path rssFile, long startNanos) {
        this.label = label;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.rssFile = rssFile;
        this.startNanos = startNanos;
        if (rssFile == null) {
            poller = new Thread(this::pollPeakRss, "rss-" + label);
            poller.setDaemon(true);
            poller.start();
        } else {
            poller = null;
        }
    }

    /** How peak RSS is measured on this machine, for the report. */
    static String rssMethod() {
        return Files.isExecutable(GNU_TIME) ? "/usr/bin/time (maxrss at exit)" : "VmHWM from /proc/<pid>/status, polled every 20 ms";
    }

    static ChildProcess start(String label, ChildJvm jvm, Map<String, String> environment, List<String> args) {
        List<String> command = new ArrayList<>();
        Path rssFile = null;
        try {
            Path stdout = Files.createTempFile("operator-sync-bench-" + label + "-", ".out");
            Path stderr = Files.createTempFile("operator-sync-bench-" + label + "-", ".err");
            if (Files.isExecutable(GNU_TIME)) {
                rssFile = Files.createTempFile("operator-sync-bench-" + label + "-", ".rss");
                command.addAll(List.of(GNU_TIME.toString(), "-f", "%M %U %S", "-o", rssFile.toString()));
            }
            command.add(jvm.java().toString());
            command.addAll(jvm.options());
            command.add("-jar");
            command.add(jvm.jar().toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(jvm.workDir().toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().keySet().removeIf(k -> CONFIG_PREFIXES.stream().anyMatch(k::startsWith));
            builder.environment().putAll(environment);
            long start = System.nanoTime();
            return new ChildProcess(label, builder.start(), stdout, stderr, rssFile, start);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the child to end by itself; kills it and throws after {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException(label + " did not end within " + timeout + "; killed it.\n" + tail());
        }
        wallNanos = System.nanoTime() - startNanos;
        return process.exitValue();
    }

    /** SIGTERM to the java process (not to /usr/bin/time, which would leave java running) and wait for it to end. */
    int stop(Duration timeout) throws InterruptedException {
        if (rssFile != null) {
            process.descendants().forEach(ProcessHandle::destroy); // time then exits with java, writing maxrss
        } else {
            process.destroy();
        }
        return waitFor(timeout);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    double wallSeconds() {
        return wallNanos / 1e9;
    }

    /** Peak RSS in KiB, or -1 when it could not be measured. Only meaningful after the child ended. */
    long peakRssKb() {
        if (rssFile != null) {
            String[] usage = gnuTimeUsage();
            return usage == null ? -1 : Long.parseLong(usage[0]);
        }
        try {
            if (poller != null) {
                poller.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return polledPeakKb;
    }

    /** User plus system CPU-seconds of the child, or null without GNU time. Only meaningful after the child ended. */
    Double cpuSeconds() {
        String[] usage = gnuTimeUsage();
        return usage == null ? null : Double.parseDouble(usage[1]) + Double.parseDouble(usage[2]);
    }

    /** maxrss (KiB), user and system seconds, from the last line GNU time wrote (earlier ones are its warnings). */
    private String[] gnuTimeUsage() {
        if (rssFile == null) {
            return null;
        }
        try {
            String text = Files.readString(rssFile, StandardCharsets.UTF_8).strip();
            String[] usage = text.substring(text.lastIndexOf('\n') + 1).strip().split(" ");
            if (usage.length != 3) {
                return null;
            }
            Long.parseLong(usage[0]);
            Double.parseDouble(usage[1]);
            Double.parseDouble(usage[2]);
            return usage;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private void pollPeakRss() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        while (process.isAlive()) {
            try {
                for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                    if (line.startsWith("VmHWM:")) {
                        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        polledPeakKb = Math.max(polledPeakKb, kb);
                    }
                }
                Thread.sleep(20);
            } catch (IOException | NumberFormatException e) {
                return; // gone between isAlive and the read, or not Linux
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** The last lines the child printed, for an error message. */
    String tail() {
        String out = stdout().strip();
        String err = stderr().strip();
        return "--- " + label + " stdout (end) ---\n" + last(out, 20) + "\n--- " + label + " stderr (end) ---\n" + last(err, 30);
    }

    private static String last(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
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
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path file : new Path[] {stdout, stderr, rssFile}) {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException ignored) {
                // temp files; the OS cleans up what is left
            }
        }
    }

    /** How children are started: which java, with which options, which jar, from which folder. */
    record ChildJvm(Path java, List<String> options, Path jar, Path workDir) {
    }
}
