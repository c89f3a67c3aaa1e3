package dev.operatorsync.benchmark;

/**
 * The best c / min(a, b) any tool could reach on this machine. Per record it must do at least the raw fetch's work
 * and the raw load's (their CPU-seconds over every process: server, client, database), at best perfectly
 * overlapped on the machine's CPUs, and it is no faster than the slower of the two. So its seconds per record are
 * at least max(a, b, (a's CPU + b's CPU) / CPUs), and its ratio against the slower of a and b at most that slower
 * one over this. 1 means the CPUs leave room for a perfect overlap; below 1 they do not.
 */
final class Ceiling {
    private Ceiling() {
    }

    /** Null when a measurement has no records, no wall time or no machine CPU time. */
    static Double of(Measurement fetch, Measurement load, int cpus) {
        if (!known(fetch) || !known(load) || cpus < 1) {
            return null;
        }
        double fetchSeconds = fetch.wallSeconds / fetch.records;
        double loadSeconds = load.wallSeconds / load.records;
        double cpuSeconds = fetch.machineCpuSeconds / fetch.records + load.machineCpuSeconds / load.records;
        double slower = Math.max(fetchSeconds, loadSeconds);
        return slower / Math.max(slower, cpuSeconds / cpus);
    }

    private static boolean known(Measurement m) {
        return m != null && m.ok() && m.records > 0 && m.wallSeconds > 0 && m.machineCpuSeconds != null;
    }
}
