package dev.operatorsync.warehouse;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** Moves a page's new and changed rows into the connection's staging table by the engine's bulk path. */
interface Stager {
    /** Once per connection, committed on its own so a later rollback cannot drop the staging table. */
    void prepare(Connection connection) throws SQLException;

    /** Inside the page's transaction; leaves exactly {@code rows} in the staging table. */
    void stage(Connection connection, Collection<ConversationRow> rows) throws SQLException;

    /** The page's ids as the array parameter of stored_hashes.sql. */
    Array idArray(Connection connection, String[] ids) throws SQLException;
}
