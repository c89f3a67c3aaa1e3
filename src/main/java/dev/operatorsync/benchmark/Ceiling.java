package dev.operatorsync.benchmark;

/**
 * The best c / min(a, b) the machine's CPUs allow. Per record any tool must spend at least the CPU time the raw
 * fetch and the raw load spend (every process's: server, client, database), and on N CPUs that takes at least
 * (a's CPU + b's CPU) / N seconds; min(a, b) is the slower of a and b per record. So the ratio can reach at most
 * that slower time over this one. No floor at 1: a tool that fetches or loads on more connections than a and b
 * can beat the slower of them, as far as the CPUs let it. Below 1, fetching and loading together need more CPU
 * than the machine has, whatever the tool does.
 */
final class Ceiling {
    private Ceiling() {
    }

    /** Null when a measurement has no records, no wall time or no machine CPU time. */
    static Double of(Measurement fetch, Measurement load, int cpus) {
        if (!known(fetch) || !known(load) || cpus < 1) {
            return null;
        }
        double slower = Math.max(fetch.wallSeconds / fetch.records, load.wallSeconds / load.records);
        double cpuSeconds = fetch.machineCpuSeconds / fetch.records + load.machineCpuSeconds / load.records;
        return slower / (cpuSeconds / cpus);
    }

    private static boolean known(Measurement m) {
        return m != null && m.ok() && m.records > 0 && m.wallSeconds > 0 && m.machineCpuSeconds != null
                && m.machineCpuSeconds > 0;
    }
}
