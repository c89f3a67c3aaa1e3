package dev.operatorsync.config;

import java.util.Map;

/**
 * How a stream retries the warehouse's passing failures (routes/errors.camel.yaml, warehouse-retries): up to
 * {@code maxAttempts} failures in a row, waiting from {@code baseDelayMs} doubling up to {@code maxDelayMs}.
 * The defaults ride out a database restart or failover of about two minutes.
 */
public record WarehouseRetrySettings(int maxAttempts, long baseDelayMs, long maxDelayMs) {
    public static final String MAX_ATTEMPTS = "warehouse.retry.max-attempts";
    public static final String BASE_DELAY_MS = "warehouse.retry.base-delay-ms";
    public static final String MAX_DELAY_MS = "warehouse.retry.max-delay-ms";

    public static WarehouseRetrySettings from(Map<String, String> values) {
        int maxAttempts = (int) whole(values, MAX_ATTEMPTS, "8", 1, 1000);
        long baseDelayMs = whole(values, BASE_DELAY_MS, "1000", 0, 3_600_000);
        long maxDelayMs = whole(values, MAX_DELAY_MS, "30000", 0, 3_600_000);
        if (maxDelayMs < baseDelayMs) {
            throw new ConfigException(MAX_DELAY_MS, "must not be less than " + BASE_DELAY_MS + " (" + baseDelayMs + ")");
        }
        return new WarehouseRetrySettings(maxAttempts, baseDelayMs, maxDelayMs);
    }

    /** The keys as routes/errors.camel.yaml reads them, every one filled in. */
    public Map<String, String> asPlaceholders() {
        return Map.of(MAX_ATTEMPTS, Integer.toString(maxAttempts), BASE_DELAY_MS, Long.toString(baseDelayMs),
                MAX_DELAY_MS, Long.toString(maxDelayMs));
    }

    private static long whole(Map<String, String> values, String key, String fallback, long min, long max) {
        String value = values.getOrDefault(key, "");
        String text = value.isBlank() ? fallback : value.trim();
        try {
            long n = Long.parseLong(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key, "must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
}
