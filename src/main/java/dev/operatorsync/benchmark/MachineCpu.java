package dev.operatorsync.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time, from Linux's {@code /proc/stat}: every process counts (the simulator, PostgreSQL
 * when it is local, the client), which is what a ceiling on this machine needs. Elsewhere {@link #sample} is null
 * and the benchmark reports no CPU figures.
 */
final class MachineCpu {
    private static final Path STAT = Path.of("/proc/stat");

    /**
     * Clock ticks the machine's CPUs spent busy and in all, summed over its {@code cpus} CPUs. In a container
     * {@code /proc/stat} is the host's: its busy time includes other containers' work.
     */
    record Sample(long busyTicks, long totalTicks, int cpus) {
    }

    private MachineCpu() {
    }

    /** Now, or null when {@code /proc/stat} cannot be read. */
    static Sample sample() {
        try {
            return parse(Files.readString(STAT, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads the {@code cpu} line (user nice system idle iowait irq softirq steal ...; guest time is already inside
     * user) and counts the {@code cpuN} lines. Busy is user, nice, system, irq and softirq: steal is time the
     * hypervisor gave to someone else, and counts in the total only.
     */
    static Sample parse(String stat) {
        long busy = -1;
        long total = -1;
        int cpus = 0;
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.trim().split("\\s+");
                total = 0;
                for (int i = 1; i < Math.min(fields.length, 9); i++) {
                    total += Long.parseLong(fields[i]);
                }
                busy = total - Long.parseLong(fields[4]) - (fields.length > 5 ? Long.parseLong(fields[5]) : 0)
                        - (fields.length > 8 ? Long.parseLong(fields[8]) : 0);
            } else if (line.startsWith("cpu")) {
                cpus++;
            }
        }
        if (busy < 0 || cpus == 0) {
            throw new IllegalArgumentException("no cpu lines in /proc/stat");
        }
        return new Sample(busy, total, cpus);
    }

    /** The CPUs this process may use: those of {@code sample}, or fewer when a container limits it. */
    static int usableCpus(Sample sample) {
        return Math.min(sample.cpus(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * CPU-seconds the machine was busy between two samples {@code wallSeconds} apart: the busy share of the ticks
     * times the CPU-seconds that passed, so the kernel's tick rate cancels out. Null when a sample is missing.
     */
    static Double busySeconds(Sample from, Sample to, double wallSeconds) {
        if (from == null || to == null || to.totalTicks() <= from.totalTicks()) {
            return null;
        }
        double busyShare = (double) (to.busyTicks() - from.busyTicks()) / (to.totalTicks() - from.totalTicks());
        return busyShare * wallSeconds * to.cpus();
    }
}
