package dev.operatorsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.operatorsync.config.Redactor;
import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.ReconcileRecord;
import dev.operatorsync.warehouse.StateControl;
import dev.operatorsync.warehouse.StreamState;
import dev.operatorsync.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show every stream: its watermark, how far it lags behind now, the resume point of an interrupted window,",
                "its last run and how it ended, and whether a running sync holds it; then when the last reconcile ran and what it found.", "Exit status: 0, or 2 bad configuration."})
final class StateShowCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings();
        try (Warehouse warehouse = ConfigOptions.openWarehouse(settings)) {
            warehouse.runLedger().closeAbandoned();
            List<StateControl.RunningSync> holders = warehouse.stateControl().runningSyncs();
            String heldBy = holders.isEmpty() ? null : "run " + holders.get(0).runId();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StreamState s : warehouse.stateStore().all()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("stream", s.streamId());
                row.put("operator", s.operatorId());
                row.put("watermark", s.watermark() == null ? null : s.watermark().toString());
                row.put("lag_seconds", s.watermark() == null ? null : Duration.between(s.watermark(), now).getSeconds());
                row.put("resume_window_start", s.interrupted() && s.windowStart() != null ? s.windowStart().toString() : null);
                row.put("resume_window_end", s.interrupted() ? s.windowEnd().toString() : null);
                row.put("resume_cursor", s.resumeCursor());
                row.put("last_run", s.lastRunId());
                row.put("last_status", s.lastStatus());
                row.put("last_success_at", s.lastSuccessAt() == null ? null : s.lastSuccessAt().toString());
                row.put("last_error", s.lastError());
                row.put("held_by", heldBy);
                rows.add(row);
            }
            if (json) {
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else {
                printTable(rows);
                System.out.println(lastReconcile(warehouse.reconcileStore().find(null), now));
            }
        }
        return OperatorSync.OK;
    }

    private static void printTable(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            System.out.println("no streams yet: the first sync creates them");
            return;
        }
        String format = "%-32s %-22s %-10s %-34s %-16s %s%n";
        System.out.printf(format, "STREAM", "WATERMARK", "LAG", "RESUME POINT", "LAST RUN", "HELD BY");
        for (Map<String, Object> r : rows) {
            Object lag = r.get("lag_seconds");
            String resume = r.get("resume_cursor") == null ? "-"
                    : "[" + (r.get("resume_window_start") == null ? "beginning" : r.get("resume_window_start")) + ", " + r.get("resume_window_end") + ") mid-window";
            String lastRun = r.get("last_run") == null ? "-" : r.get("last_run") + " " + r.get("last_status");
            System.out.printf(format, r.get("stream"), r.get("watermark") == null ? "none (from the start)" : r.get("watermark"),
                    lag == null ? "-" : human(((Number) lag).longValue()), resume, lastRun,
                    r.get("held_by") == null ? "-" : r.get("held_by"));
            if (r.get("last_error") != null && "failed".equals(r.get("last_status"))) {
                System.out.println("    last error: " + r.get("last_error"));
            }
        }
    }

    /** When the last reconcile ran and what it found, in one line. */
    static String lastReconcile(Optional<ReconcileRecord> last, Instant now) {
        if (last.isEmpty()) {
            return "last reconcile: none yet (`reconcile`, or `run` on reconcile.schedule)";
        }
        ReconcileRecord r = last.get();
        String when = r.finishedAt() == null ? "started " + r.startedAt() : "finished " + r.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " (" + human(Duration.between(r.finishedAt(), now).getSeconds()) + " ago)";
        String line = String.format("last reconcile: run %d %s, %s, over [%s, %s): %d listed, %d missing and loaded, %d deleted, %d restored, %d dead-lettered",
                r.runId(), r.status(), when, r.windowStart() == null ? "the beginning" : r.windowStart(), r.windowEnd(), r.listed(),
                r.missing(), r.deleted(), r.restored(), r.deadLettered());
        return r.error() == null ? line : line + System.lineSeparator() + "    error: " + Redactor.redact(r.error());
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
