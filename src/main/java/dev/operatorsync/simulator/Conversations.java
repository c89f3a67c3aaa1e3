package dev.operatorsync.simulator;

/**
 * Every conversation the simulator will ever serve, in compact columns indexed by rank: rank 0 is the newest,
 * ordered by created_at descending, ties by id descending (ids compare as unsigned longs, which is also the order of
 * their base62 strings). What a conversation looks like at a time T is derived from these columns and T.
 */
final class Conversations {
    static final String[] FINAL_STATUSES = {"completed", "voicemail", "failed", "busy", "no-answer"};
    static final int FAILED = 2;
    private static final int STATUS_MASK = 0x7;
    private static final int LIVEMODE = 0x8;

    private final long[] ids;
    private final long[] created;
    private final int[] startDelay;
    private final int[] duration;
    private final int[] postprocessDelay;
    /** 0 = never deleted. */
    private final int[] deleteDelay;
    private final short[] owner;
    private final byte[] flags;
    private final int[][] ranksByOwner;
    private final int[] allRanks;
    /** Rank by id, built on the first lookup by id. */
    private java.util.Map<Long, Integer> rankById;

    Conversations(long[] ids, long[] created, int[] startDelay, int[] duration, int[] postprocessDelay,
                  int[] deleteDelay, short[] owner, byte[] flags, int operators) {
        this.ids = ids;
        this.created = created;
        this.startDelay = startDelay;
        this.duration = duration;
        this.postprocessDelay = postprocessDelay;
        this.deleteDelay = deleteDelay;
        this.owner = owner;
        this.flags = flags;
        int[] counts = new int[operators];
        for (short o : owner) counts[o]++;
        ranksByOwner = new int[operators][];
        for (int o = 0; o < operators; o++) ranksByOwner[o] = new int[counts[o]];
        int[] fill = new int[operators];
        allRanks = new int[ids.length];
        for (int rank = 0; rank < ids.length; rank++) {
            allRanks[rank] = rank;
            ranksByOwner[owner[rank]][fill[owner[rank]]++] = rank;
        }
    }

    static byte flags(int finalStatus, boolean livemode) {
        return (byte) (finalStatus | (livemode ? LIVEMODE : 0));
    }

    int size() {
        return ids.length;
    }

    int operators() {
        return ranksByOwner.length;
    }

    /** Ascending ranks of one operator's conversations, or of the whole account for a negative owner. */
    int[] ranks(int ownerOrNegative) {
        return ownerOrNegative < 0 ? allRanks : ranksByOwner[ownerOrNegative];
    }

    long id(int rank) {
        return ids[rank];
    }

    int owner(int rank) {
        return owner[rank];
    }

    boolean livemode(int rank) {
        return (flags[rank] & LIVEMODE) != 0;
    }

    int finalStatus(int rank) {
        return flags[rank] & STATUS_MASK;
    }

    long createdAt(int rank) {
        return created[rank];
    }

    long startedAt(int rank) {
        return created[rank] + startDelay[rank];
    }

    long completedAt(int rank) {
        return startedAt(rank) + duration[rank];
    }

    int durationSec(int rank) {
        return duration[rank];
    }

    long postprocessedAt(int rank) {
        return completedAt(rank) + postprocessDelay[rank];
    }

    boolean listedAt(int rank, long now) {
        return created[rank] <= now && (deleteDelay[rank] == 0 || now < created[rank] + deleteDelay[rank]);
    }

    /** The rank of the conversation with this numeric id, or -1. */
    synchronized int rankOf(long id) {
        if (rankById == null) {
            rankById = new java.util.HashMap<>(ids.length * 2);
            for (int rank = 0; rank < ids.length; rank++) rankById.put(ids[rank], rank);
        }
        return rankById.getOrDefault(id, -1);
    }

    /** The first rank created strictly before {@code second} (size() if none): the ranks before it are newer. */
    int firstCreatedBefore(long second) {
        int lo = 0;
        int hi = ids.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (created[mid] < second) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** The first rank that comes after the keyset position (createdAt, id) in listing order. */
    int firstAfter(long createdAt, long id) {
        int lo = 0;
        int hi = ids.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            boolean after = created[mid] < createdAt
                    || (created[mid] == createdAt && Long.compareUnsigned(ids[mid], id) < 0);
            if (after) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
