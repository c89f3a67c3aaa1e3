package dev.operatorsync.simulator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/** Generates every conversation up front, deterministically from the seed. */
final class ConversationGenerator {
    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;
    private static final long HISTORY = 30 * DAY;
    /** The historical bulk ends this long before start, so at start it is final and post-processed. */
    private static final long SETTLED = 2 * HOUR;
    /** A handful of historical conversations land in this window just before start, some still under way. */
    private static final long RECENT_WINDOW = 20 * MINUTE;
    private static final long ARRIVAL_HORIZON = 7 * DAY;
    private static final int MAX_ARRIVALS = 300_000;

    private final SimulatorOptions options;
    private final long start;
    private long[] ids;
    private long[] created;
    private int[] startDelay;
    private int[] duration;
    private int[] postprocessDelay;
    private int[] deleteDelay;
    private short[] owner;
    private byte[] flags;
    private int next;

    private ConversationGenerator(SimulatorOptions options, long start) {
        this.options = options;
        this.start = start;
    }

    static Conversations generate(SimulatorOptions options, long startEpochSecond) {
        return new ConversationGenerator(options, startEpochSecond).run();
    }

    private Conversations run() {
        long[] arrivals = arrivalTimes();
        allocate(options.conversations() + arrivals.length);
        SplittableRandom history = new SplittableRandom(options.seed());
        generateHistory(history);
        // A separate stream, so that turning arrivals on leaves the history unchanged.
        SplittableRandom arriving = new SplittableRandom(Ids.mix(options.seed() ^ 0x5DEECE66DL));
        for (long second : arrivals) add(second, arriving.nextInt(options.operators()), arriving);
        return sorted();
    }

    private void generateHistory(SplittableRandom rnd) {
        int total = options.conversations();
        int recent = Math.min(total, Math.max(3, Math.min(20, total / 200)));
        int bulk = total - recent;
        long from = start - HISTORY;
        long to = start - SETTLED;
        // Bursts: groups sharing one created_at second, each of one operator (a campaign dialing out), so keyset
        // paging meets many ties. The first burst is large enough that some second holds 5+ of one operator.
        for (int burst = 0; next < bulk; burst++) {
            int size = burst == 0 ? 10 : rnd.nextInt(5) < 2 ? 1 : 3 + rnd.nextInt(18);
            size = Math.min(size, bulk - next);
            long second = from + rnd.nextLong(to - from);
            int operator = burst % options.operators();
            for (int i = 0; i < size; i++) add(second, operator, rnd);
        }
        for (int i = 0; i < recent; i++) add(start - rnd.nextLong(RECENT_WINDOW), i % options.operators(), rnd);
    }

    /** A Poisson process from start at the configured rate, up to a horizon. */
    private long[] arrivalTimes() {
        double perSecond = options.arrivalsPerMinute() / 60.0;
        if (perSecond <= 0) return new long[0];
        SplittableRandom rnd = new SplittableRandom(Ids.mix(options.seed() ^ 0x2545F4914F6CDD1DL));
        long[] times = new long[(int) Math.min(MAX_ARRIVALS, 16 + perSecond * ARRIVAL_HORIZON * 1.1)];
        int count = 0;
        double elapsed = 0;
        while (count < times.length) {
            elapsed += -Math.log(1.0 - rnd.nextDouble()) / perSecond;
            if (elapsed >= ARRIVAL_HORIZON) break;
            times[count++] = start + 1 + (long) elapsed;
        }
        return Arrays.copyOf(times, count);
    }

    private void allocate(int n) {
        ids = new long[n];
        created = new long[n];
        startDelay = new int[n];
        duration = new int[n];
        postprocessDelay = new int[n];
        deleteDelay = new int[n];
        owner = new short[n];
        flags = new byte[n];
    }

    private void add(long createdAt, int operator, SplittableRandom rnd) {
        int i = next++;
        ids[i] = Ids.mix(options.seed() * 0x9E3779B97F4A7C15L + i);
        created[i] = createdAt;
        owner[i] = (short) operator;
        boolean livemode = rnd.nextInt(10) != 0;
        int status = finalStatus(rnd);
        flags[i] = Conversations.flags(status, livemode);
        startDelay[i] = 2 + rnd.nextInt(179);
        duration[i] = switch (status) {
            case 0 -> 20 + rnd.nextInt(1181);
            case 1 -> 15 + rnd.nextInt(76);
            default -> rnd.nextInt(31);
        };
        postprocessDelay[i] = (int) MINUTE + rnd.nextInt(29 * 60 + 1);
        deleteDelay[i] = !livemode && rnd.nextInt(4) == 0 ? deleteDelay(rnd.nextInt((int) HISTORY)) : 0;
    }

    /**
     * One in four test-mode conversations is deleted: half of them within ten minutes (cleaned up after a trial call,
     * so the demo's reconcile sees deletions), the others at any time within the history's length. One draw either
     * way, so the conversations generated after it stay the same.
     */
    private static int deleteDelay(int drawn) {
        return (int) MINUTE + (drawn % 2 == 0 ? drawn % (int) (10 * MINUTE) : drawn);
    }

    private static int finalStatus(SplittableRandom rnd) {
        int p = rnd.nextInt(100);
        if (p < 75) return 0;
        if (p < 83) return 1;
        if (p < 89) return Conversations.FAILED;
        if (p < 94) return 3;
        return 4;
    }

    private Conversations sorted() {
        Integer[] order = new Integer[next];
        Arrays.setAll(order, i -> i);
        Comparator<Integer> newestFirst = Comparator.<Integer>comparingLong(i -> created[i]).reversed()
                .thenComparing((a, b) -> Long.compareUnsigned(ids[b], ids[a]));
        Arrays.sort(order, newestFirst);
        int n = next;
        long[] sIds = new long[n];
        long[] sCreated = new long[n];
        int[] sStart = new int[n];
        int[] sDuration = new int[n];
        int[] sPost = new int[n];
        int[] sDelete = new int[n];
        short[] sOwner = new short[n];
        byte[] sFlags = new byte[n];
        for (int rank = 0; rank < n; rank++) {
            int i = order[rank];
            sIds[rank] = ids[i];
            sCreated[rank] = created[i];
            sStart[rank] = startDelay[i];
            sDuration[rank] = duration[i];
            sPost[rank] = postprocessDelay[i];
            sDelete[rank] = deleteDelay[i];
            sOwner[rank] = owner[i];
            sFlags[rank] = flags[i];
        }
        return new Conversations(sIds, sCreated, sStart, sDuration, sPost, sDelete, sOwner, sFlags, options.operators());
    }
}
