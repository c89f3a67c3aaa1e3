package dev.operatorsync.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.admin.WarehouseViews;
import dev.operatorsync.config.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show every stream: its watermark, how far it lags behind now, the resume point of an interrupted window,",
                "its last run and how it ended, whether a running sync holds it and which instance is loading it now;",
                "then when the last reconcile ran and what it found.",
                "While a running service holds the DuckDB file, it reads through that service's admin API.",
                "Exit status: 0, 1 the warehouse cannot be read, or 2 bad configuration."})
final class StateShowCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode state = ReadThrough.read(config, warehouse -> WarehouseViews.state(warehouse, now), "/api/state");
        if (json) {
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state.path("streams")));
        } else {
            printTable(JSON.convertValue(state.path("streams"), new TypeReference<List<Map<String, Object>>>() { }));
            System.out.println(lastReconcile(state.path("last_reconcile"), now));
        }
        return OperatorSync.OK;
    }

    private static void printTable(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            System.out.println("no streams yet: the first sync creates them");
            return;
        }
        String format = "%-32s %-22s %-10s %-34s %-16s %-10s %s%n";
        System.out.printf(format, "STREAM", "WATERMARK", "LAG", "RESUME POINT", "LAST RUN", "HELD BY", "LOADING NOW");
        for (Map<String, Object> r : rows) {
            Object lag = r.get("lag_seconds");
            String resume = r.get("resume_cursor") == null ? "-"
                    : "[" + (r.get("resume_window_start") == null ? "beginning" : r.get("resume_window_start")) + ", " + r.get("resume_window_end") + ") mid-window";
            String lastRun = r.get("last_run") == null ? "-" : r.get("last_run") + " " + r.get("last_status");
            System.out.printf(format, r.get("stream"), r.get("watermark") == null ? "none (from the start)" : r.get("watermark"),
                    lag == null ? "-" : human(((Number) lag).longValue()), resume, lastRun,
                    r.get("held_by") == null ? "-" : r.get("held_by"), r.get("loading_by") == null ? "-" : r.get("loading_by"));
            if (r.get("last_error") != null && "failed".equals(r.get("last_status"))) {
                System.out.println("    last error: " + r.get("last_error"));
            }
        }
    }

    /** When the last reconcile ran and what it found, in one line. */
    /** The last reconcile as {@link WarehouseViews#state} gives it (a missing node when there was none), in one line. */
    static String lastReconcile(JsonNode r, Instant now) {
        if (r.isMissingNode() || r.isNull()) {
            return "last reconcile: none yet (`reconcile`, or `run` on reconcile.schedule)";
        }
        String when = r.path("finished_at").isNull() || r.path("finished_at").isMissingNode() ? "started " + r.path("started_at").asText()
                : "finished " + r.path("finished_at").asText() + " ("
                + human(Duration.between(Instant.parse(r.path("finished_at").asText()), now).getSeconds()) + " ago)";
        String line = String.format("last reconcile: run %d %s, %s, over [%s, %s): %d listed, %d missing and loaded, %d deleted, %d restored, %d dead-lettered",
                r.path("run_id").asLong(), r.path("status").asText(), when,
                r.path("window_start").isNull() ? "the beginning" : r.path("window_start").asText(), r.path("window_end").asText(),
                r.path("listed").asLong(), r.path("missing").asLong(), r.path("deleted").asLong(), r.path("restored").asLong(),
                r.path("dead_lettered").asLong());
        return r.path("error").isNull() || r.path("error").isMissingNode() ? line
                : line + System.lineSeparator() + "    error: " + Redactor.redact(r.path("error").asText());
    }

    static String human(long seconds) {
        if (seconds < 0) {
            return "-" + human(-seconds);
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return seconds / 60 + "m";
        }
        if (seconds < 172_800) {
            return seconds / 3600 + "h " + (seconds / 60) % 60 + "m";
        }
        return seconds / 86_400 + "d " + (seconds / 3600) % 24 + "h";
    }
}
