package dev.operatorsync.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Function;

/**
 * A key's value read within its valid range: a value outside it (or one that does not parse) is a
 * {@link ConfigException} that names the key, the range and what was given. Unset keys take their default.
 */
public final class Ranges {
    private Ranges() {
    }

    public static int wholeNumber(ConfigSource source, String key, int fallback, int min, int max) {
        return within(source, key, fallback, min, max, v -> Integer.valueOf(v), "a whole number from " + min + " to " + max);
    }

    public static double decimal(ConfigSource source, String key, double fallback, double min, double max) {
        return within(source, key, fallback, min, max, v -> Double.valueOf(v), "a number from " + plain(min) + " to " + plain(max));
    }

    /** An ISO-8601 duration from {@code min} to {@code max}, both inclusive. */
    public static Duration duration(ConfigSource source, String key, Duration fallback, Duration min, Duration max) {
        return within(source, key, fallback, min, max, Duration::parse,
                "an ISO-8601 duration from " + min + " to " + max + " (e.g. PT30S, PT10M, P1D)");
    }

    private static <T extends Comparable<T>> T within(ConfigSource source, String key, T fallback, T min, T max,
                                                      Function<String, T> parser, String expected) {
        String value = source.get(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            T parsed = parser.apply(value.trim());
            if (parsed.compareTo(min) >= 0 && parsed.compareTo(max) <= 0) {
                return parsed;
            }
        } catch (RuntimeException doesNotParse) {
            // reported below, as a value out of range is
        }
        throw new ConfigException(key, "must be " + expected + ", got '" + value + "'");
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
