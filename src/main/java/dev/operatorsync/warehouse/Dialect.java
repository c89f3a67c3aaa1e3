package dev.operatorsync.warehouse;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/** The warehouse engines; each has its own folder of SQL files under {@code sql/}. */
public enum Dialect {
    /** Its page commits are cheap (synchronous_commit off): a page waiting would only grow the heap. */
    POSTGRESQL("jdbc:postgresql:", "postgresql", 1, true, null) {
        /**
         * pgjdbc settings every connection of the tool gets unless the URL sets its own: TCP keepalive; connect
         * and socket timeouts, so a connection the network cut fails within a minute instead of hanging (longer
         * than any statement the tool runs; migrations lift the socket timeout on their own connection); and, for
         * every session, an idle-in-transaction timeout and a lock timeout, so a session of ours that the network
         * cut releases its locks within a minute and no statement of ours waits on a lock for long.
         */
        @Override
        public Properties connectionDefaults() {
            Properties defaults = new Properties();
            defaults.setProperty("tcpKeepAlive", "true");
            defaults.setProperty("connectTimeout", "10");
            defaults.setProperty("loginTimeout", "20");
            defaults.setProperty("socketTimeout", "60");
            defaults.setProperty("options", "-c idle_in_transaction_session_timeout=60000 -c lock_timeout=30000");
            return defaults;
        }

        /**
         * Class 08 (the connection failed, was refused or broke), the server shutting down (57P01-57P03), a
         * cancelled statement (57014), too many connections (53300), serialization failures (40001), deadlocks
         * (40P01) and lock timeouts (55P03) pass; permissions (42501), disk full (53100), constraints do not.
         */
        @Override
        boolean isTransientState(String sqlState) {
            return sqlState.startsWith("08") || TRANSIENT_POSTGRESQL_STATES.contains(sqlState);
        }
    },
    /** Each commit syncs its WAL: pages that wait while one commits then commit together. */
    DUCKDB("jdbc:duckdb:", "duckdb", 4, false, "Could not set lock on file") {
        @Override
        boolean isTransientState(String sqlState) {
            return false;
        }

        /** DuckDB reports no SQLSTATE: a write-write conflict, or its file locked by another process, says so in words. */
        @Override
        boolean isTransientMessage(String message) {
            String lower = message.toLowerCase(Locale.ROOT);
            return lower.contains("conflict") || lower.contains("could not set lock on file");
        }
    };

    private static final Set<String> TRANSIENT_POSTGRESQL_STATES =
            Set.of("57P01", "57P02", "57P03", "57014", "53300", "40001", "40P01", "55P03");

    private final String urlPrefix;
    private final String sqlFolder;
    private final int pagesWaitingPerStream;
    private final boolean shared;
    /** What the engine says when another process holds the database (DuckDB's file is one process's); null when it never does. */
    private final String heldElsewhere;

    Dialect(String urlPrefix, String sqlFolder, int pagesWaitingPerStream, boolean shared, String heldElsewhere) {
        this.urlPrefix = urlPrefix;
        this.sqlFolder = sqlFolder;
        this.pagesWaitingPerStream = pagesWaitingPerStream;
        this.shared = shared;
        this.heldElsewhere = heldElsewhere;
    }

    /**
     * Whether several processes may use one warehouse at once, so `run` schedules through Quartz's clustered job
     * store in it (PostgreSQL); a DuckDB file is one process's, and its schedule stays in memory.
     */
    public boolean shared() {
        return shared;
    }

    /** Whether a failure to connect, by its message, says that another process holds the database. */
    public boolean heldByAnotherProcess(String failure) {
        return heldElsewhere != null && failure != null && failure.contains(heldElsewhere);
    }

    /**
     * How many fetched pages of a stream may wait while its write is in flight (they then commit together in
     * the next write); memory holds at most this many pages per stream beside the write's own.
     */
    public int pagesWaitingPerStream() {
        return pagesWaitingPerStream;
    }

    /** The message never repeats the URL: it may carry a password. */
    public static Dialect fromJdbcUrl(String url) {
        for (Dialect dialect : values()) {
            if (url != null && url.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("warehouse.jdbc-url must start with "
                + POSTGRESQL.urlPrefix + " or " + DUCKDB.urlPrefix);
    }

    String sqlFolder() {
        return sqlFolder;
    }

    /**
     * Whether {@code failure} (or a cause of it) is the warehouse failing for a passing reason, so that the same
     * work can succeed when tried again; false for failures that would repeat (permissions, disk full, a
     * constraint, bad SQL) and for anything that is not the warehouse's.
     */
    public boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isTransientSql(sql)) {
                return true;
            }
        }
        return false;
    }

    private boolean isTransientSql(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null) {
            return isTransientState(state);
        }
        return e.getCause() instanceof IOException || (e.getMessage() != null && isTransientMessage(e.getMessage()));
    }

    abstract boolean isTransientState(String sqlState);

    /** Driver properties for every connection, below the URL's own parameters, which win. */
    public Properties connectionDefaults() {
        return new Properties();
    }

    boolean isTransientMessage(String message) {
        return false;
    }

    /** The first SQLException in {@code failure}'s chain: the warehouse's part in a failure, or null when it had none. */
    public static SQLException warehouseCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
