package dev.operatorsync.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MachineCpuTest {
    private static final String STAT = """
            cpu  100 5 40 800 20 3 2 10 7 0
            cpu0 50 2 20 400 10 1 1 5 3 0
            cpu1 50 3 20 400 10 2 1 5 4 0
            intr 782272 0 0
            ctxt 1733497
            """;

    @Test
    void busy_is_everything_but_idle_iowait_and_steal_and_guest_is_not_counted_twice() {
        MachineCpu.Sample sample = MachineCpu.parse(STAT);
        assertEquals(100 + 5 + 40 + 3 + 2, sample.busyTicks());
        assertEquals(100 + 5 + 40 + 800 + 20 + 3 + 2 + 10, sample.totalTicks());
        assertEquals(2, sample.cpus());
    }

    @Test
    void busy_seconds_are_the_busy_share_of_the_cpu_seconds_that_passed() {
        MachineCpu.Sample from = new MachineCpu.Sample(1_000, 10_000, 2);
        MachineCpu.Sample to = new MachineCpu.Sample(1_300, 10_400, 2);
        // 300 of 400 ticks busy over 2 s on 2 CPUs: 3 of the 4 CPU-seconds
        assertEquals(3.0, MachineCpu.busySeconds(from, to, 2.0), 1e-9);
        assertNull(MachineCpu.busySeconds(null, to, 2.0));
        assertNull(MachineCpu.busySeconds(to, to, 2.0), "no tick passed: unknown, not zero");
    }

    @Test
    void a_stat_without_cpu_lines_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> MachineCpu.parse("intr 1 2 3\n"));
    }
}
