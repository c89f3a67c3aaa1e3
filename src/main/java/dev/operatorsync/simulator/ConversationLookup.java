package dev.operatorsync.simulator;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Finds a conversation's rank by its id, for {@code GET /conversations/{id}}: the ids sorted (unsigned) beside
 * their ranks, built on first use so a simulator that is only listed pays nothing.
 */
final class ConversationLookup {
    private static final String PREFIX = "conv_";
    private final Conversations conversations;
    private long[] sortedIds;
    private int[] ranks;

    ConversationLookup(Conversations conversations) {
        this.conversations = conversations;
    }

    /** The rank of the conversation with this id, whether or not it is listed now; empty when there never was one. */
    OptionalInt rank(String id) {
        if (!id.startsWith(PREFIX)) return OptionalInt.empty();
        var value = Ids.parseBase62(id.substring(PREFIX.length()));
        if (value.isEmpty()) return OptionalInt.empty();
        build();
        int lo = 0;
        int hi = sortedIds.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int order = Long.compareUnsigned(sortedIds[mid], value.getAsLong());
            if (order == 0) return OptionalInt.of(ranks[mid]);
            if (order < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return OptionalInt.empty();
    }

    private synchronized void build() {
        if (sortedIds != null) return;
        int n = conversations.size();
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(conversations.id(a), conversations.id(b)));
        long[] ids = new long[n];
        int[] byId = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = conversations.id(order[i]);
            byId[i] = order[i];
        }
        ranks = byId;
        sortedIds = ids;
    }
}
