package dev.operatorsync.benchmark;

import java.lang.management.ManagementFactory;

/**
 * Wall time and CPU time of one measurement: the whole machine's ({@link MachineCpu}, null where unknown) and the
 * measuring process's own (this JVM for (a) and (b), the child for (c) to (e); null where unknown).
 */
record Timing(double wallSeconds, Double machineCpuSeconds, Double ownCpuSeconds) {

    /** A running clock in this JVM. */
    static Stopwatch start() {
        return new Stopwatch();
    }

    static final class Stopwatch {
        private final long startNanos = System.nanoTime();
        private final MachineCpu.Sample machineStart = MachineCpu.sample();
        private final long ownStartNanos = processCpuNanos();

        /** The span so far, with this JVM's CPU as its own. */
        Timing stop() {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            long own = processCpuNanos();
            return new Timing(wall, MachineCpu.busySeconds(machineStart, MachineCpu.sample(), wall),
                    own < 0 || ownStartNanos < 0 ? null : (own - ownStartNanos) / 1e9);
        }

        /** The span so far on the machine, with a child's wall and CPU time as its own. */
        Timing stopForChild(double childWallSeconds, Double childCpuSeconds) {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            return new Timing(childWallSeconds, MachineCpu.busySeconds(machineStart, MachineCpu.sample(), wall), childCpuSeconds);
        }

        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }
    }
}
