package dev.operatorsync.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A key's value read within its valid range: a value outside it (or one that does not parse) is a
 * {@link ConfigException} that names the key, the range and what was given. Unset keys take their default.
 */
public final class Ranges {
    private Ranges() {
    }

    public static int wholeNumber(ConfigSource source, String key, int fallback, int min, int max) {
        String value = source.get(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key, "must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    public static double decimal(ConfigSource source, String key, double fallback, double min, double max) {
        String value = source.get(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key, "must be a number from " + plain(min) + " to " + plain(max) + ", got '" + value + "'");
    }

    /** An ISO-8601 duration from {@code min} to {@code max}, both inclusive. */
    public static Duration duration(ConfigSource source, String key, Duration fallback, Duration min, Duration max) {
        String value = source.get(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(value.trim());
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return d;
            }
        } catch (DateTimeParseException ignored) {
            // reported below
        }
        throw new ConfigException(key, "must be an ISO-8601 duration from " + min + " to " + max + " (e.g. PT30S, PT10M, P1D), got '" + value + "'");
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
