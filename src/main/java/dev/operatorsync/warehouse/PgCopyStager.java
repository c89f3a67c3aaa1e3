package dev.operatorsync.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** PostgreSQL: binary COPY into a temp table that empties itself at commit or rollback. */
final class PgCopyStager implements Stager {
    private final SqlFiles sql;

    PgCopyStager(SqlFiles sql) {
        this.sql = sql;
    }

    @Override
    public void stage(StatementCache statements, Collection<ConversationRow> rows) throws SQLException {
        copy(statements.connection(), "copy_stage", out -> PgBinaryCopy.writeStage(new ArrayList<>(rows), out));
    }

    @Override
    public void insertNew(StatementCache statements, Collection<ConversationRow> rows, long runId) throws SQLException {
        copy(statements.connection(), "copy_new_conversations",
                out -> PgBinaryCopy.writeConversations(new ArrayList<>(rows), runId, out));
    }

    /**
     * Streams the rows to the server as they are encoded, so it inserts while the rest is still being written.
     * Anything that stops the encoding cancels the COPY: a half-sent COPY must never end as if it were whole.
     */
    private void copy(Connection connection, String statement, CopyBody body) throws SQLException {
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.get(statement));
        try {
            body.write(new CopyInStream(copyIn));
            copyIn.endCopy();
        } catch (IOException e) {
            throw e.getCause() instanceof SQLException refused ? refused : new SQLException(statement + " failed", e);
        } finally {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }

    @FunctionalInterface
    private interface CopyBody {
        void write(OutputStream out) throws IOException;
    }

    /** The server's errors surface as the cause of an IOException; {@link #copy} unwraps them. */
    private static final class CopyInStream extends OutputStream {
        private final CopyIn copyIn;

        CopyInStream(CopyIn copyIn) {
            this.copyIn = copyIn;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                copyIn.writeToCopy(bytes, offset, length);
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }

    @Override
    public Array idArray(Connection connection, String[] ids) throws SQLException {
        return connection.createArrayOf("text", ids);
    }
}
