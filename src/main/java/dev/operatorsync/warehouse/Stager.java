package dev.operatorsync.warehouse;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The engine's bulk paths for a page: new rows straight into {@code conversations}, changed rows into the
 * connection's staging table for the guarded upsert.
 */
interface Stager {
    /**
     * Inside the page's transaction; leaves exactly {@code rows} in the staging table. {@code statements} are those
     * of the page's connection, reused from page to page.
     */
    void stage(StatementCache statements, Collection<ConversationRow> rows) throws SQLException;

    /**
     * Inside the page's transaction, appends rows that had no stored row when the page read its hashes straight
     * to {@code conversations}, as the guarded upsert would insert them, for run {@code runId}. Throws when one
     * is there by now (another writer inserted it meanwhile) or is refused: the caller rolls the transaction back
     * and writes the page again by the guarded upsert alone. {@code statements} are those of the page's
     * connection, reused from page to page.
     */
    void insertNew(StatementCache statements, Collection<ConversationRow> rows, long runId) throws SQLException;

    /** The page's ids as the array parameter of stored_hashes.sql. */
    Array idArray(Connection connection, String[] ids) throws SQLException;
}
