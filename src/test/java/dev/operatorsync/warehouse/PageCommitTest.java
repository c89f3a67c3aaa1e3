package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PageCommitTest {
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant END = Instant.parse("2025-03-02T00:00:00Z");

    @Test
    void pagesCommittedTogetherKeepTheLastResumePointAndAddUpTheirCounts() {
        PageCommit first = new PageCommit(7, "op_1/created_at", "op_1", "created_at", START, END, "cursor-2", 3, 2, 1500L, null);
        PageCommit second = new PageCommit(7, "op_1/created_at", "op_1", "created_at", START, END, "cursor-3", 1, 0, 0L, null);
        PageCommit last = new PageCommit(7, "op_1/created_at", "op_1", "created_at", START, END, null, 2, 1, 250L, null);

        PageCommit together = first.followedBy(second).followedBy(last);

        assertEquals(new PageCommit(7, "op_1/created_at", "op_1", "created_at", START, END, null, 6, 3, 1750L, null, 3), together);
    }
}
