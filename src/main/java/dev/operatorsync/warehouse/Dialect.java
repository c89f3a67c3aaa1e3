package dev.operatorsync.warehouse;

/** The warehouse engines; each has its own folder of SQL files under {@code sql/}. */
public enum Dialect {
    /** Its page commits are cheap (synchronous_commit off): a page waiting would only grow the heap. */
    POSTGRESQL("jdbc:postgresql:", "postgresql", 1, null),
    /** Each commit syncs its WAL: pages that wait while one commits then commit together. */
    DUCKDB("jdbc:duckdb:", "duckdb", 4, "Could not set lock on file");

    private final String urlPrefix;
    private final String sqlFolder;
    private final int pagesWaitingPerStream;
    /** What the engine says when another process holds the database (DuckDB's file is one process's); null when it never does. */
    private final String heldElsewhere;

    Dialect(String urlPrefix, String sqlFolder, int pagesWaitingPerStream, String heldElsewhere) {
        this.urlPrefix = urlPrefix;
        this.sqlFolder = sqlFolder;
        this.pagesWaitingPerStream = pagesWaitingPerStream;
        this.heldElsewhere = heldElsewhere;
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
}
