package dev.operatorsync.warehouse;

/** The warehouse engines; each has its own folder of SQL files under {@code sql/}. */
public enum Dialect {
    POSTGRESQL("jdbc:postgresql:", "postgresql"),
    DUCKDB("jdbc:duckdb:", "duckdb");

    private final String urlPrefix;
    private final String sqlFolder;

    Dialect(String urlPrefix, String sqlFolder) {
        this.urlPrefix = urlPrefix;
        this.sqlFolder = sqlFolder;
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
