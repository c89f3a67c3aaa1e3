package dev.operatorsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the schema and applies the numbered migrations {@code V<n>__<description>.sql} that
 * {@code schema_migrations} does not list yet, all in one transaction.
 */
final class Migrator {
    /** In order; a new migration is a new file in both dialect folders plus its name here. */
    static final List<String> MIGRATIONS = List.of("V1__create_tables", "V2__dead_letter_fingerprint", "V3__backfills",
            "V4__bulk_insert_and_open_index", "V5__run_lease", "V6__clustered_schedule", "V7__webhook_events", "V8__reconcile", "V9__backfill_window_count",
            "V10__dead_letter_latest_failure", "V11__stream_leases");

    private static final Duration LOCK_WAIT_NETWORK_TIMEOUT = Duration.ofSeconds(115);
    private static final Duration DDL_NETWORK_TIMEOUT = Duration.ofMinutes(30);

    private final Dialect dialect;
    private final String schema;
    private final SqlFiles sql;

    Migrator(Dialect dialect, String schema, SqlFiles sql) {
        this.dialect = dialect;
        this.schema = schema;
        this.sql = sql;
    }

    void migrate(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        String step = "lock_migrations";
        try {
            if (dialect == Dialect.POSTGRESQL) {
                // DuckDB needs no lock: a DuckDB file is open in one process only, and Warehouse serialises migrate().
                lockMigrations(connection);
            }
            // Nothing is created that exists: CREATE ... IF NOT EXISTS still asks for the privilege to create.
            boolean[] exists = schemaState(connection);
            if (!exists[0]) {
                step = "create_schema";
                execute(connection, sql.get(step));
            }
            if (!exists[1]) {
                step = "create_migrations_table";
                execute(connection, sql.get(step));
            }
            step = "applied_migrations";
            Set<Integer> applied = applied(connection);
            for (String migration : MIGRATIONS) {
                int version = Integer.parseInt(migration.substring(1, migration.indexOf("__")));
                if (!applied.contains(version)) {
                    step = migration;
                    if (dialect == Dialect.POSTGRESQL) {
                        // A migration's DDL may run long on a large table: longer than the pool's socket timeout.
                        connection.setNetworkTimeout(Runnable::run, (int) DDL_NETWORK_TIMEOUT.toMillis());
                    }
                    execute(connection, sql.get(migration));
                    record(connection, version, migration.substring(migration.indexOf("__") + 2).replace('_', ' '));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (MissingPrivilegeException.SQLSTATE.equals(e.getSQLState()) && !step.equals("lock_migrations")) {
                throw missingPrivilege(connection, step, e);
            }
            throw e;
        } catch (RuntimeException e) {
            connection.rollback();
            throw e;
        }
        if (dialect == Dialect.DUCKDB) {
            connection.setAutoCommit(true);
            execute(connection, sql.get("checkpoint"));
        }
    }

    /** Waits a bounded time for the schema's migration lock: the server answers within its lock timeout. */
    private void lockMigrations(Connection connection) throws SQLException {
        connection.setNetworkTimeout(Runnable::run, (int) LOCK_WAIT_NETWORK_TIMEOUT.toMillis());
        execute(connection, sql.get("lock_wait_migrations"));
        try (PreparedStatement lock = connection.prepareStatement(sql.get("lock_migrations"))) {
            lock.setString(1, "operator-sync migrate " + schema.toLowerCase());
            lock.execute();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new SQLException("gave up waiting for the migration lock of schema " + schema + ": another process has"
                        + " held it for over 100 s (a start of operator-sync migrating a large table, or another tool);"
                        + " a session of ours that the network cut would have been ended after 60 s. Try again later",
                        e.getSQLState(), e);
            }
            throw e;
        }
    }

    private boolean[] schemaState(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql.get("schema_state"))) {
            select.setString(1, schema);
            select.setString(2, schema);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new boolean[] {rs.getBoolean(1), rs.getBoolean(2)};
            }
        }
    }

    /** Names the privilege {@code step} lacked, the role that lacks it, and the two ways out. */
    private MissingPrivilegeException missingPrivilege(Connection connection, String step, SQLException cause) throws SQLException {
        String role;
        String database;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql.get("role_and_database"))) {
            rs.next();
            role = rs.getString(1);
            database = rs.getString(2);
        }
        String ownerGrants = "grant " + role + " USAGE on schema " + schema + " and SELECT, INSERT, UPDATE, DELETE on all its tables";
        if (step.equals("applied_migrations")) {
            return new MissingPrivilegeException("role " + role + " may not read schema " + schema + " (" + cause.getMessage()
                    + "): " + ownerGrants, cause);
        }
        if (step.equals("create_schema")) {
            return new MissingPrivilegeException("role " + role + " lacks CREATE on database " + database + ", which creating schema "
                    + schema + " needs. Either grant it (GRANT CREATE ON DATABASE " + database + " TO " + role + "), or have an administrator "
                    + "create the schema and migrate it (run any operator-sync command, e.g. state show, once as its owner), then "
                    + ownerGrants, cause);
        }
        return new MissingPrivilegeException("role " + role + " lacks CREATE on schema " + schema + " (or ownership of its tables), which "
                + (step.equals("create_migrations_table") ? "creating its tables" : "migration " + step) + " needs (" + cause.getMessage()
                + "). Either have the schema's owner migrate it (run any operator-sync command, e.g. state show, once as that role) and "
                + ownerGrants + ", or make " + role + " the schema's owner", cause);
    }

    private Set<Integer> applied(Connection connection) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql.get("applied_migrations"))) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private void record(Connection connection, int version, String description) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql.get("record_migration"))) {
            insert.setInt(1, version);
            insert.setString(2, description);
            insert.executeUpdate();
        }
    }

    private static void execute(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(script);
        }
    }
}
