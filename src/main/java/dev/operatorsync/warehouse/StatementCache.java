package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The statements of one connection by SQL file name, each prepared on first use and reused after, so a writer
 * does not prepare the same statements again for every page. Close it before (or instead of dropping) the
 * connection; not thread-safe, like the connection it belongs to.
 */
final class StatementCache implements AutoCloseable {
    private final Connection connection;
    private final SqlFiles sql;
    private final Map<String, PreparedStatement> byName = new HashMap<>();

    StatementCache(Connection connection, SqlFiles sql) {
        this.connection = connection;
        this.sql = sql;
    }

    Connection connection() {
        return connection;
    }

    /**
     * The statement of {@code sql/<dialect>/<name>.sql} with no parameters set: bind every one before executing.
     * Prepared again when the driver closed it (DuckDB's closes a statement whose execution failed).
     */
    PreparedStatement get(String name) throws SQLException {
        PreparedStatement statement = byName.get(name);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql.get(name));
            byName.put(name, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /** Closes the statements, not the connection; errors are ignored, as the statements are being discarded. */
    @Override
    public void close() {
        for (PreparedStatement statement : byName.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // on a broken connection closing may fail; the statement is discarded either way
            }
        }
        byName.clear();
    }
}
