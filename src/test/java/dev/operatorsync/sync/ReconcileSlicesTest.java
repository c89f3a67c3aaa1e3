package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a reconcile cuts its range into windows. */
class ReconcileSlicesTest {
    private static final Instant TO = Instant.parse("2026-03-03T12:00:00Z");

    @Test
    void a_range_with_a_start_is_cut_into_windows_the_last_ending_at_its_end() {
        ReconcileRequest request = new ReconcileRequest(Instant.parse("2026-03-01T00:00:00Z"), TO, Duration.ofDays(1));
        assertEquals(List.of("2026-03-01T00:00:00Z..2026-03-02T00:00:00Z", "2026-03-02T00:00:00Z..2026-03-03T00:00:00Z",
                "2026-03-03T00:00:00Z..2026-03-03T12:00:00Z"), text(Reconciles.slices(request, Optional.of(Instant.EPOCH))));
    }

    @Test
    void everything_starts_with_a_window_before_the_tables_oldest_day_then_days_from_it() {
        ReconcileRequest request = new ReconcileRequest(null, TO, Duration.ofDays(1));
        assertEquals(List.of("1970-01-01T00:00:00Z..2026-03-02T00:00:00Z", "2026-03-02T00:00:00Z..2026-03-03T00:00:00Z",
                "2026-03-03T00:00:00Z..2026-03-03T12:00:00Z"), text(Reconciles.slices(request, Optional.of(Instant.parse("2026-03-02T17:00:00Z")))));
    }

    @Test
    void everything_on_an_empty_table_is_one_window() {
        ReconcileRequest request = new ReconcileRequest(null, TO, Duration.ofDays(1));
        assertEquals(List.of("1970-01-01T00:00:00Z..2026-03-03T12:00:00Z"), text(Reconciles.slices(request, Optional.empty())));
    }

    @Test
    void a_start_not_before_the_end_is_bad_usage() {
        assertThrows(BadRequestException.class, () -> ReconcileRequest.parse("2026-03-04", "2026-03-04", TO, Duration.ofDays(1)));
    }

    private static List<String> text(List<Instant[]> slices) {
        return slices.stream().map(s -> s[0] + ".." + s[1]).toList();
    }
}
