package dev.operatorsync.config;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The defaults of a backfill ({@code backfill.*}); the command's options and a POST's fields override them.
 *
 * @param parallel empty: the machine's default
 */
public record BackfillSettings(Duration window, OptionalInt parallel, Duration progressInterval) {
    /** A shorter window only multiplies requests: the API pages within a window anyway. */
    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);

    public static BackfillSettings from(ConfigSource source) {
        String parallel = source.get("backfill.parallel").orElse(null);
        return new BackfillSettings(
                Ranges.duration(source, "backfill.window", Duration.ofDays(1), MIN_WINDOW, Duration.ofDays(366)),
                parallel == null ? OptionalInt.empty() : OptionalInt.of(Settings.parallelism("backfill.parallel", parallel, 0)),
                Ranges.duration(source, "backfill.progress-interval", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
