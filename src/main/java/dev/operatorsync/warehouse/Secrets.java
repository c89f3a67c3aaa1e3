package dev.operatorsync.warehouse;

import dev.operatorsync.config.Redactor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Keeps the warehouse password out of exception messages (guarantee 6). */
final class Secrets {
    private Secrets() {
    }

    static Connection connect(String jdbcUrl, Properties credentials, String password) throws SQLException {
        try {
            return DriverManager.getConnection(jdbcUrl, credentials);
        } catch (SQLException e) {
            throw scrubbed(e, password);
        }
    }

    /** The exception itself when no message in its chain holds the password as a value of its own; else a masked copy without the chain. */
    static SQLException scrubbed(SQLException e, String password) {
        if (password == null || password.isEmpty() || !chainMentions(e, password)) {
            return e;
        }
        String message = e.getMessage() == null ? null : Redactor.mask(e.getMessage(), password);
        return new SQLException(message, e.getSQLState(), e.getErrorCode());
    }

    private static boolean chainMentions(Throwable e, String password) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (!Redactor.mask(message, password).equals(message)) {
                return true;
            }
        }
        return false;
    }
}
