package dev.operatorsync.sync;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.Settings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * The keys of {@code reconcile}: when {@code run} reconciles and over how far back, and how a range is cut.
 *
 * @param schedule Quartz cron, UTC ({@code reconcile.schedule})
 * @param range    how far back from now a scheduled reconcile reaches ({@code reconcile.range})
 * @param window   the length of the created_at windows a range is cut into ({@code reconcile.window})
 * @param parallel windows reconciled at once ({@code reconcile.parallel})
 */
public record ReconcileSettings(String schedule, Duration range, Duration window, int parallel) {
    public static final String DEFAULT_SCHEDULE = "0 30 3 * * ?";

    /** @param values the non-secret configuration, overrides applied */
    public static ReconcileSettings from(Map<String, String> values) {
        String schedule = value(values, "reconcile.schedule", DEFAULT_SCHEDULE);
        if (!CronExpression.isValidExpression(schedule)) {
            throw new ConfigException("reconcile.schedule", "is not a valid Quartz cron expression: '" + schedule
                    + "' (six or seven fields: seconds minutes hours day-of-month month day-of-week [year], e.g. " + DEFAULT_SCHEDULE + ")");
        }
        return new ReconcileSettings(schedule, positive(values, "reconcile.range", "P7D"), positive(values, "reconcile.window", "P1D"),
                Settings.parallelism("reconcile.parallel", values.get("reconcile.parallel"), 2));
    }

    private static String value(Map<String, String> values, String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static Duration positive(Map<String, String> values, String key, String fallback) {
        String text = value(values, key, fallback);
        try {
            Duration d = Duration.parse(text);
            if (d.compareTo(Duration.ofMinutes(1)) >= 0) {
                return d;
            }
        } catch (DateTimeParseException ignored) {
            // reported below
        }
        throw new ConfigException(key, "must be an ISO-8601 duration of at least a minute (e.g. " + fallback + "), got '" + text + "'");
    }
}
