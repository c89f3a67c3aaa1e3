package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiRequestTest {
    @Test
    void the_window_filters_go_with_every_page_including_those_with_a_cursor() {
        StreamRun stream = new StreamRun("op_1/completed_at", "op_1", StreamKind.COMPLETED,
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z"), "c/1+2=");
        assertEquals("operator_id=op_1&completed_at_gte=2025-01-01T00%3A00%3A00Z&completed_at_lt=2025-01-02T00%3A00%3A00Z&cursor=c%2F1%2B2%3D",
                ApiRequest.query(stream));
    }

    @Test
    void an_account_window_from_the_beginning_has_only_an_upper_bound() {
        StreamRun stream = new StreamRun("account/created_at", null, StreamKind.CREATED, null, Instant.parse("2025-01-02T00:00:00Z"), null);
        assertEquals("created_at_lt=2025-01-02T00%3A00%3A00Z", ApiRequest.query(stream));
    }
}
