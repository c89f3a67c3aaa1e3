package dev.operatorsync.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CeilingTest {
    private static Measurement measured(long records, double wallSeconds, Double machineCpuSeconds) {
        Measurement m = new Measurement("m", "m");
        m.records = records;
        m.wallSeconds = wallSeconds;
        m.machineCpuSeconds = machineCpuSeconds;
        return m;
    }

    @Test
    void cpus_with_room_for_both_allow_more_than_the_slower_raw_limit() {
        // 3 + 2 CPU-seconds on 4 CPUs take 1.25 s at best, against the slower 3 s: a tool on more connections
        // than a and b could in principle go 2.4 times as fast as the slower of them
        assertEquals(2.4, Ceiling.of(measured(1000, 3.0, 3.0), measured(1000, 2.0, 2.0), 4), 1e-9);
    }

    @Test
    void when_the_work_of_both_needs_more_than_the_cpus_give_the_ceiling_falls_below_one() {
        // a: 3 s using 4 CPU-s; b: 2.8 s using 5.6 CPU-s; on 2 CPUs both need (4 + 5.6) / 2 = 4.8 s against the slower 3 s
        assertEquals(3.0 / 4.8, Ceiling.of(measured(1000, 3.0, 4.0), measured(1000, 2.8, 5.6), 2), 1e-9);
    }

    @Test
    void the_ceiling_is_per_record_when_the_counts_differ() {
        // b loaded half the records in half the time with half the CPU: the same per record as loading them all
        assertEquals(3.0 / 4.8, Ceiling.of(measured(1000, 3.0, 4.0), measured(500, 1.4, 2.8), 2), 1e-9);
    }

    @Test
    void without_cpu_time_or_records_there_is_no_ceiling() {
        assertNull(Ceiling.of(measured(1000, 3.0, null), measured(1000, 2.0, 2.0), 2));
        assertNull(Ceiling.of(measured(0, 3.0, 1.0), measured(1000, 2.0, 2.0), 2));
        assertNull(Ceiling.of(measured(1000, 3.0, 0.0), measured(1000, 2.0, 0.0), 2), "no CPU measured is no ceiling");
        Measurement failed = measured(1000, 2.0, 2.0);
        failed.status = "failed";
        assertNull(Ceiling.of(measured(1000, 3.0, 1.0), failed, 2));
    }
}
