package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to the warehouse (no default schema: the SQL files qualify every table). */
@FunctionalInterface
interface ConnectionOpener {
    Connection open() throws SQLException;
}
