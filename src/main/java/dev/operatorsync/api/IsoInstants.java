package dev.operatorsync.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Parses the API's timestamps. The common shape {@code 2023-11-07T05:31:56Z} is read by hand, since
 * {@link Instant#parse} was the largest CPU cost of mapping a page; anything else (fractions, offsets)
 * falls back to {@link Instant#parse}, which also gives the error (and reads what this does not, such as a
 * leap second).
 */
final class IsoInstants {
    private IsoInstants() {
    }

    static Instant parse(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour >= 0
                    && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
                return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second);
            }
        }
        return Instant.parse(text);
    }

    /*
     * The two methods below are arithmetic without a branch that valid data can flip. The JIT inlines this class
     * into the mapper's hot loop, and a branch it never saw taken while profiling (a 29th of the month, a
     * January, a leap year: LocalDate.of has all three) is compiled as a trap: the first page that takes it
     * throws the whole compiled mapper away and compiles it again, which cost a cold sync a second of CPU.
     */

    /** Days since 1970-01-01 of a valid proleptic Gregorian date (H. Hinnant's days_from_civil, for year >= 0). */
    static long epochDay(int year, int month, int day) {
        int beforeMarch = (month - 3) >>> 31;
        int y = year - beforeMarch;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int marchBasedMonth = month + 9 - 12 * (1 - beforeMarch);
        int dayOfYear = (153 * marchBasedMonth + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    /** 28 to 31, for a month of 1 to 12. */
    static int daysInMonth(int year, int month) {
        int isFebruary = ((month ^ 2) - 1) >>> 31;
        int divisibleBy4 = ((year & 3) - 1) >>> 31;
        int divisibleBy100 = ((year % 100) - 1) >>> 31;
        int divisibleBy400 = ((year % 400) - 1) >>> 31;
        int leap = divisibleBy4 & ((1 - divisibleBy100) | divisibleBy400);
        return DAYS_IN_MONTH[month] + (isFebruary & leap);
    }

    private static final int[] DAYS_IN_MONTH = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    /** The number in {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
