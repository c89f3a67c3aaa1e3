package dev.operatorsync.warehouse;

import java.sql.SQLException;

/** The warehouse role may not do what creating or migrating the schema needs; the message names the privilege and the role. */
public final class MissingPrivilegeException extends SQLException {
    /** PostgreSQL's insufficient_privilege. */
    static final String SQLSTATE = "42501";

    MissingPrivilegeException(String message, SQLException cause) {
        super(message, SQLSTATE, cause);
    }
}
