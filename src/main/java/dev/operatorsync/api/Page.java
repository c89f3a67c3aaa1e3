package dev.operatorsync.api;

import dev.operatorsync.warehouse.ConversationRow;
import java.util.List;

/** One parsed page of {@code GET /conversations}: the mapped rows, the records that did not map, and the next cursor (null at the end). */
public record Page(List<ConversationRow> rows, List<RejectedRecord> rejected, String nextCursor) {
    public int fetched() {
        return rows.size() + rejected.size();
    }
}
