package dev.operatorsync.warehouse;

import java.sql.SQLException;

/**
 * A page of a run that is not running: never started, or closed meanwhile by another process as lost because
 * this one stalled past its lease. Its transaction rolls back; the stream it was loading belongs to another run
 * now, so retrying is pointless (SQLSTATE 55000, object not in prerequisite state, which no dialect retries).
 */
public final class RunNotRunningException extends SQLException {
    RunNotRunningException(long runId) {
        super("run " + runId + " is not running (another process closed it as lost while this one stalled?):"
                + " this page commits nothing", "55000");
    }
}
