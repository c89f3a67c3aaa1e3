package dev.operatorsync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
    @Test
    void the_fast_path_agrees_with_instant_parse() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L));
            String text = instant.toString();
            assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
        }
    }

    @Test
    void every_day_of_four_centuries_and_every_impossible_day_is_judged_as_local_date_judges_it() {
        for (int year = 1900; year <= 2300; year++) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    String text = String.format("%04d-%02d-%02dT23:59:59Z", year, month, day);
                    LocalDate date;
                    try {
                        date = LocalDate.of(year, month, day);
                    } catch (DateTimeException impossible) {
                        assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
                        continue;
                    }
                    assertEquals(date.atTime(23, 59, 59).toInstant(ZoneOffset.UTC), IsoInstants.parse(text), text);
                }
            }
        }
    }

    @Test
    void other_iso_forms_still_parse() {
        assertEquals(Instant.parse("2023-11-07T05:31:56.250Z"), IsoInstants.parse("2023-11-07T05:31:56.250Z"));
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"), IsoInstants.parse("2024-02-29T23:59:59Z"));
        assertEquals(Instant.parse("0000-01-01T00:00:00Z"), IsoInstants.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void impossible_or_malformed_timestamps_are_refused() {
        for (String bad : new String[] {"2023-02-30T00:00:00Z", "2023-11-07T05:61:00Z",
                "2023-1a-07T05:31:56Z", "last tuesday", "2023-11-07 05:31:56Z", ""}) {
            assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(bad), bad);
        }
    }
}
