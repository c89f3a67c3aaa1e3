package dev.operatorsync.sync;

import dev.operatorsync.config.BackfillSettings;
import dev.operatorsync.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated backfill: [from, to) over {@code created_at}, one operator or all of them, cut into windows.
 * Every check happens here, before anything touches the warehouse, so bad input writes nothing. A window longer
 * than the range is the range, one window. The windows are never listed: {@link #slice(long)} computes each.
 *
 * @param operatorId null: every configured operator (2024-11-11) or the whole account (2025-06-19)
 */
public record BackfillRequest(Instant from, Instant to, String operatorId, Duration window) {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(1);
    /**
     * More windows than this (per operator) is not a backfill but a typo: 200 years in one-minute windows would be
     * 105 million requests at least. It allows a year in windows of six minutes, or two centuries in days.
     */
    public static final long MAX_WINDOWS = 100_000;
    static final String DATE_FORMATS = "an ISO-8601 date (2024-01-31, midnight UTC) or instant (2024-01-31T12:00:00Z)";

    public BackfillRequest {
        // As precise as the warehouse keeps them, so a planned window's stored start is the one computed again.
        from = from.truncatedTo(ChronoUnit.MICROS);
        to = to.truncatedTo(ChronoUnit.MICROS);
        window = window.truncatedTo(ChronoUnit.SECONDS);
        if (!from.isBefore(to)) {
            throw new BadRequestException("from (" + from + ") must be before to (" + to + ")");
        }
        if (window.compareTo(BackfillSettings.MIN_WINDOW) < 0) {
            throw new BadRequestException("--window (" + window + ") must be at least one minute, an ISO-8601 duration such as PT6H or P1D");
        }
        long windows = sliceCount(from, to, window);
        if (windows > MAX_WINDOWS) {
            long seconds = Duration.between(from, to).getSeconds();
            long leastSeconds = (seconds + MAX_WINDOWS - 1) / MAX_WINDOWS;
            Duration least = Duration.ofMinutes((leastSeconds + 59) / 60);
            throw new BadRequestException("--window " + window + " cuts [" + from + ", " + to + ") into " + windows
                    + " windows, more than the " + MAX_WINDOWS + " a backfill may have; give a --window of at least " + least
                    + " or a shorter range");
        }
    }

    private static long sliceCount(Instant from, Instant to, Duration window) {
        Duration range = Duration.between(from, to);
        long whole = range.dividedBy(window);
        return range.minus(window.multipliedBy(whole)).isZero() ? whole : whole + 1;
    }

    /** Parses and checks what a person typed (command line or JSON); {@code window} null means one day. */
    public static BackfillRequest parse(String from, String to, String operatorId, String window, Settings settings) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        Duration length = window == null || window.isBlank() ? DEFAULT_WINDOW : duration(window);
        String operator = operator(operatorId, settings);
        return new BackfillRequest(start, end, operator, length);
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(name + " is required: " + DATE_FORMATS);
        }
        String text = value.trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " '" + text + "' does not parse: expected " + DATE_FORMATS);
        }
    }

    static Duration duration(String value) {
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("window '" + value + "' does not parse: expected an ISO-8601 duration such as PT6H, P1D or P7D");
        }
    }

    public static String operator(String operatorId, Settings settings) {
        if (operatorId == null || operatorId.isBlank()) {
            return null;
        }
        if (!settings.apiVersion().perOperator()) {
            throw new BadRequestException("operator is not supported with operator.api.version " + settings.apiVersion()
                    + ": that version lists the whole account; leave it out");
        }
        String id = operatorId.trim();
        if (!settings.operatorIds().contains(id)) {
            throw new BadRequestException("unknown operator '" + id + "': expected one of " + String.join(", ", settings.operatorIds())
                    + " (operator.api.operator-ids)");
        }
        return id;
    }

    public long windowSeconds() {
        return window.getSeconds();
    }

    /** The owners to load: the one operator, every configured operator, or the account (a single null). */
    public List<String> owners(Settings settings) {
        if (operatorId != null) {
            return List.of(operatorId);
        }
        if (settings.apiVersion().perOperator()) {
            return settings.operatorIds();
        }
        List<String> account = new ArrayList<>();
        account.add(null);
        return account;
    }

    /** How many windows [from, to) is cut into, per owner. */
    public long sliceCount() {
        return sliceCount(from, to, window);
    }

    /** The {@code index}th window: [start, end), the last one ending at {@code to}. */
    public Instant[] slice(long index) {
        Instant start = from.plus(window.multipliedBy(index));
        Instant end = start.plus(window);
        return new Instant[] {start, end.isAfter(to) ? to : end};
    }

    public String describe() {
        return "[" + from + ", " + to + ")" + (operatorId == null ? "" : " of " + operatorId) + " in windows of " + window;
    }
}
