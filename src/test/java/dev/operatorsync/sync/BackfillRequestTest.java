package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a backfill's range is cut into windows, without a warehouse or an API. */
class BackfillRequestTest {
    private static BackfillRequest request(String from, String to, String window) {
        return new BackfillRequest(BackfillRequest.instant("from", from), BackfillRequest.instant("to", to), null, Duration.parse(window));
    }

    @Test
    void a_range_shorter_than_the_window_is_one_window() {
        BackfillRequest morning = request("2026-12-05T05:13Z", "2026-12-05T14:58Z", "P1D");
        assertEquals(1, morning.sliceCount());
        assertArrayEquals(new Instant[] {Instant.parse("2026-12-05T05:13:00Z"), Instant.parse("2026-12-05T14:58:00Z")}, morning.slice(0));
    }

    @Test
    void windows_follow_each_other_and_the_last_ends_at_to() {
        BackfillRequest r = request("2026-02-01", "2026-02-03T12:00:00Z", "P1D");
        assertEquals(3, r.sliceCount());
        assertEquals(Instant.parse("2026-02-02T00:00:00Z"), r.slice(0)[1]);
        assertEquals(r.slice(0)[1], r.slice(1)[0]);
        assertArrayEquals(new Instant[] {Instant.parse("2026-02-03T00:00:00Z"), Instant.parse("2026-02-03T12:00:00Z")}, r.slice(2));
        assertEquals(2, request("2026-02-01", "2026-02-03", "P1D").sliceCount(), "a range of whole windows has no empty last one");
    }

    @Test
    void an_absurd_number_of_windows_is_refused_at_once_naming_the_window() {
        BadRequestException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(BadRequestException.class, () -> request("1900-01-01", "2100-01-01", "PT1M")));
        assertTrue(e.getMessage().startsWith("--window PT1M cuts [1900-01-01T00:00:00Z, 2100-01-01T00:00:00Z) into 105190560 windows"),
                e.getMessage());
        assertTrue(e.getMessage().contains("give a --window of at least PT17H32M"), e.getMessage());
        assertTrue(request("1900-01-01", "2100-01-01", "PT17H32M").sliceCount() <= BackfillRequest.MAX_WINDOWS, "the window it suggests is accepted");
    }
}
