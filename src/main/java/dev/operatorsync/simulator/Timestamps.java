package dev.operatorsync.simulator;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Writes whole-second UTC timestamps like 2023-11-07T05:31:56Z without going through a formatter (hot path). */
final class Timestamps {
    private Timestamps() {
    }

    static void appendQuoted(StringBuilder out, long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        out.append('"').append(t.getYear()).append('-');
        two(out, t.getMonthValue()).append('-');
        two(out, t.getDayOfMonth()).append('T');
        two(out, t.getHour()).append(':');
        two(out, t.getMinute()).append(':');
        two(out, t.getSecond()).append("Z\"");
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
