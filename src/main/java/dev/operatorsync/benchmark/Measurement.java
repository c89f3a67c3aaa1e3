package dev.operatorsync.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the benchmark's table. {@code records} is what {@code recordsPerSecond} counts (see
 * {@code basis}); the counts from {@code sync_runs} are null for the in-process measurements.
 */
final class Measurement {
    final String key;
    final String label;
    String status = "ok";
    String basis;
    long records;
    double wallSeconds;
    /** CPU-seconds of every process on the machine during the measurement; null where unknown. */
    Double machineCpuSeconds;
    /** CPU-seconds of the measuring process: the benchmark's JVM for (a) and (b), the child for (c) to (e). */
    Double ownCpuSeconds;
    Double runSeconds;
    Double parseSeconds;
    Long peakRssKb;
    Integer exitCode;
    Long runs;
    Long pages;
    Long requests;
    Long fetched;
    Long inserted;
    Long updated;
    Long unchanged;
    Long deadLettered;
    Long rowsInTable;
    String note;

    Measurement(String key, String label) {
        this.key = key;
        this.label = label;
    }

    void time(Timing timing) {
        wallSeconds = timing.wallSeconds();
        machineCpuSeconds = timing.machineCpuSeconds();
        ownCpuSeconds = timing.ownCpuSeconds();
    }

    boolean ok() {
        return "ok".equals(status);
    }

    double recordsPerSecond() {
        return ok() && wallSeconds > 0 ? records / wallSeconds : 0;
    }

    /** Records over the {@code sync_runs} span: the rate without JVM start-up, a constant whatever N is. */
    double recordsPerRunSecond() {
        return ok() && runSeconds != null && runSeconds > 0 ? records / runSeconds : 0;
    }

    /** Of the run span for a child (JVM start-up left out), of the wall time otherwise; null without pages. */
    Double msPerPage() {
        if (!ok() || pages == null || pages == 0) {
            return null;
        }
        return (runSeconds != null ? runSeconds : wallSeconds) * 1000 / pages;
    }

    Long rowWrites() {
        return inserted == null || updated == null ? null : inserted + updated;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", label);
        json.put("status", status);
        json.put("records", records);
        json.put("records_basis", basis);
        json.put("wall_seconds", round(wallSeconds));
        json.put("records_per_second", round(recordsPerSecond()));
        putIfSet(json, "machine_cpu_seconds", machineCpuSeconds == null ? null : round(machineCpuSeconds));
        putIfSet(json, "own_cpu_seconds", ownCpuSeconds == null ? null : round(ownCpuSeconds));
        putIfSet(json, "run_seconds", runSeconds == null ? null : round(runSeconds));
        putIfSet(json, "parse_seconds", parseSeconds == null ? null : round(parseSeconds));
        putIfSet(json, "peak_rss_kb", peakRssKb);
        putIfSet(json, "exit_code", exitCode);
        putIfSet(json, "runs", runs);
        putIfSet(json, "pages", pages);
        putIfSet(json, "ms_per_page", msPerPage() == null ? null : round(msPerPage()));
        putIfSet(json, "requests", requests);
        putIfSet(json, "fetched", fetched);
        putIfSet(json, "inserted", inserted);
        putIfSet(json, "updated", updated);
        putIfSet(json, "row_writes", rowWrites());
        putIfSet(json, "unchanged", unchanged);
        putIfSet(json, "dead_lettered", deadLettered);
        putIfSet(json, "rows_in_table", rowsInTable);
        putIfSet(json, "note", note);
        return json;
    }

    private static void putIfSet(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
