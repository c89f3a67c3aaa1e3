package dev.operatorsync.sync;

/** Another backfill of the same operator is running; only one per operator at a time. HTTP 409. */
public final class BackfillConflictException extends RuntimeException {
    private final long runningId;

    public BackfillConflictException(long runningId, String operator) {
        super("backfill " + runningId + " is already running for " + operator + "; wait for it to end (one backfill per operator at a time)");
        this.runningId = runningId;
    }

    public long runningId() {
        return runningId;
    }
}
