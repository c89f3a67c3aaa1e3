package dev.operatorsync.cli;

import dev.operatorsync.sync.BackfillJob;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a running backfill: on a terminal a bar redrawn every second (windows done, records, rate, ETA), kept
 * below the log's lines; otherwise (a log file, a pipe, CI) a plain line every {@code interval}.
 */
final class BackfillProgress implements AutoCloseable {
    private static final int BAR = 24;

    private final BackfillJob job;
    private final PrintStream out;
    private final boolean terminal;
    /** On a terminal, the bar the log's lines go above; null otherwise. */
    private final TerminalBar bar;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backfill-progress");
        t.setDaemon(true);
        return t;
    });

    BackfillProgress(BackfillJob job, PrintStream out, boolean terminal, Duration interval) {
        this.job = job;
        this.out = out;
        this.terminal = terminal;
        this.bar = terminal ? new TerminalBar(out) : null;
        long period = terminal ? 1000 : Math.max(1000, interval.toMillis());
        timer.scheduleAtFixedRate(this::show, period, period, TimeUnit.MILLISECONDS);
    }

    private void show() {
        String line = line(job.progress(), terminal);
        if (terminal) {
            bar.draw(line);
        } else {
            out.println(line);
            out.flush();
        }
    }

    static String line(BackfillJob.Progress p, boolean bar) {
        StringBuilder line = new StringBuilder("backfill ").append(p.backfillId()).append(' ');
        if (bar) {
            int filled = p.windows() == 0 ? BAR : (int) ((long) BAR * p.windowsDone() / p.windows());
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ");
        }
        line.append(String.format("%d/%d windows, %,d records, %,.0f records/s, ETA %s",
                p.windowsDone(), p.windows(), p.records(), p.recordsPerSecond(), p.eta() == null ? "?" : clock(p.eta())));
        return line.toString();
    }

    private static String clock(Duration d) {
        long s = d.getSeconds();
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal) {
            bar.finish(line(job.progress(), true));
        }
    }
}
