package dev.operatorsync.warehouse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import org.postgresql.PGConnection;

/** PostgreSQL: binary COPY into a temp table that empties itself at commit or rollback. */
final class PgCopyStager implements Stager {
    private final SqlFiles sql;

    PgCopyStager(SqlFiles sql) {
        this.sql = sql;
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.get("writer_session"));
            statement.execute(sql.get("create_stage"));
        }
        connection.commit();
    }

    @Override
    public void stage(Connection connection, Collection<ConversationRow> rows) throws SQLException {
        byte[] copy = PgBinaryCopy.encode(rows);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(sql.get("copy_stage"), new ByteArrayInputStream(copy));
        } catch (IOException e) {
            throw new SQLException("COPY into the staging table failed", e);
        }
    }

    @Override
    public Array idArray(Connection connection, String[] ids) throws SQLException {
        return connection.createArrayOf("text", ids);
    }
}
