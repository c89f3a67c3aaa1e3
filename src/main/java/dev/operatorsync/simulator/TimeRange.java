package dev.operatorsync.simulator;

/** A half-open filter [gte, lt) on a timestamp, in epoch seconds. */
record TimeRange(long gte, long lt) {
    static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

    boolean unbounded() {
        return equals(ALL);
    }

    /** Whether a timestamp that is set from {@code at} on matches at {@code now}; an unset one matches only ALL. */
    boolean matches(long at, long now) {
        return unbounded() || (at <= now && gte <= at && at < lt);
    }
}
