package dev.operatorsync.simulator;

/** Cuts a listing into pages by keyset; each page starts with binary searches, not a scan from the top. */
final class Pager {
    /** The ranks of one page, and the cursor of the next page or null on the last one. */
    record Page(int[] ranks, int count, String cursor) {
    }

    private final Conversations conversations;
    private final int maxPageSize;

    Pager(Conversations conversations, int maxPageSize) {
        this.conversations = conversations;
        this.maxPageSize = maxPageSize;
    }

    Page page(ListingQuery query, long now) {
        Conversations c = conversations;
        int[] ranks = c.ranks(query.owner());
        int from = c.firstCreatedBefore(Math.min(now, query.created().lt() - 1) + 1);
        if (query.cursor() != null) from = Math.max(from, c.firstAfter(query.cursor().createdAt(), query.cursor().id()));
        // With no lower bound (gte = Long.MIN_VALUE) this is c.size(): no second is before Long.MIN_VALUE.
        int to = c.firstCreatedBefore(query.created().gte());
        int pos = lowerBound(ranks, from);
        int end = lowerBound(ranks, to);

        int[] page = new int[pageSize(query)];
        int count = 0;
        while (pos < end && count < page.length) {
            int rank = ranks[pos++];
            if (matches(query, rank, now)) page[count++] = rank;
        }
        boolean more = false;
        while (pos < end && !more) more = matches(query, ranks[pos++], now);
        String cursor = more ? CursorCodec.encode(new CursorCodec.Position(
                c.createdAt(page[count - 1]), c.id(page[count - 1]), query.filterHash())) : null;
        return new Page(page, count, cursor);
    }

    private boolean matches(ListingQuery query, int rank, long now) {
        Conversations c = conversations;
        return c.listedAt(rank, now)
                && query.completed().matches(c.completedAt(rank), now)
                && query.postprocessed().matches(c.postprocessedAt(rank), now);
    }

    /** Between about half the maximum and the maximum, fixed for a given query and position. */
    private int pageSize(ListingQuery query) {
        int min = Math.max(1, (maxPageSize + 1) / 2);
        long h = query.filterHash();
        if (query.cursor() != null) h = Ids.mix(h ^ Ids.mix(query.cursor().createdAt() ^ query.cursor().id()));
        return min + (int) Long.remainderUnsigned(Ids.mix(h), maxPageSize - min + 1);
    }

    private static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
