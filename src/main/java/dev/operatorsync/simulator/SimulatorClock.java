package dev.operatorsync.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The simulator's "now", in whole seconds. Manual by default (it moves only by {@link #advance});
 * after {@link #followSystemClock()} it is the wall clock plus whatever was advanced since. Thread-safe.
 */
public final class SimulatorClock {
    private Instant manual;
    private boolean system;
    private Duration offset = Duration.ZERO;

    SimulatorClock(Instant start) {
        this.manual = start.truncatedTo(ChronoUnit.SECONDS);
    }

    public synchronized Instant now() {
        Instant now = system ? Instant.now().plus(offset) : manual;
        return now.truncatedTo(ChronoUnit.SECONDS);
    }

    public synchronized void advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("the simulated clock only moves forward: " + d);
        if (system) offset = offset.plus(d);
        else manual = manual.plus(d);
    }

    synchronized void followSystemClock() {
        system = true;
    }

    /** A {@link Clock} in UTC that reads this simulated time. */
    public Clock asClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the simulated clock is UTC only");
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }
}
