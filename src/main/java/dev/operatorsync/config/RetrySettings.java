package dev.operatorsync.config;

/**
 * The retry policy's keys (routes/errors.camel.yaml reads them as placeholders), checked here because Camel
 * takes what it is given: -1 redeliveries retries forever, a jitter of 5 makes waits negative.
 */
public record RetrySettings(int maxRedeliveries, int baseDelayMs, int maxDelayMs, double jitter, int malformedPageRedeliveries) {
    public static final int MAX_REDELIVERIES = 100;
    /** An hour: a longer wait is an outage, which the next scheduled sync handles better than one request waiting. */
    public static final int MAX_DELAY_MS = 3_600_000;

    public static RetrySettings from(ConfigSource source) {
        int base = Ranges.wholeNumber(source, "sync.retry.base-delay-ms", 1000, 1, MAX_DELAY_MS);
        int max = Ranges.wholeNumber(source, "sync.retry.max-delay-ms", 30_000, 1, MAX_DELAY_MS);
        if (max < base) {
            throw new ConfigException("sync.retry.max-delay-ms", "(" + max + ") must not be less than sync.retry.base-delay-ms (" + base + ")");
        }
        return new RetrySettings(
                Ranges.wholeNumber(source, "sync.retry.max-redeliveries", 5, 0, MAX_REDELIVERIES),
                base,
                max,
                Ranges.decimal(source, "sync.retry.jitter", 0.25, 0, 1),
                Ranges.wholeNumber(source, "sync.retry.malformed-page-redeliveries", 2, 0, MAX_REDELIVERIES));
    }
}
