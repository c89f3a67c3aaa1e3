package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A role without CREATE on the database runs against a schema an administrator created and migrated; where it would
 * have to create something, the message names the privilege it lacks. A real PostgreSQL role, as a DBA would set it up.
 */
class SchemaPrivilegesTest {
    private static final String PASSWORD = "sync-user-password";
    private final TestDatabases.Server server = TestDatabases.postgres();
    private final String role = TestDatabases.freshSchema() + "_role";
    private final String migrated = TestDatabases.freshSchema();
    private final String missing = TestDatabases.freshSchema();
    private final String empty = TestDatabases.freshSchema();

    @BeforeEach
    void anAdministratorPreparesTheSchema() throws SQLException {
        try (Warehouse admin = Warehouse.open(server.jdbcUrl(), server.username(), server.password(), migrated)) {
            admin.migrate();
        }
        admin("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'",
                "GRANT USAGE ON SCHEMA " + migrated + " TO " + role,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + migrated + " TO " + role,
                "CREATE SCHEMA " + empty,
                "GRANT USAGE ON SCHEMA " + empty + " TO " + role);
    }

    @AfterEach
    void dropEverything() throws SQLException {
        admin("DROP SCHEMA IF EXISTS " + migrated + " CASCADE", "DROP SCHEMA IF EXISTS " + empty + " CASCADE",
                "DROP SCHEMA IF EXISTS " + missing + " CASCADE", "DROP OWNED BY " + role, "DROP ROLE " + role);
    }

    @Test
    void a_role_without_create_runs_against_a_schema_an_administrator_migrated() throws SQLException {
        try (Warehouse warehouse = asRole(migrated)) {
            warehouse.migrate();
            long run = warehouse.runLedger().start("sync", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
            assertTrue(warehouse.runLedger().find(run).isPresent(), "it writes the tables");
        }
    }

    @Test
    void a_missing_schema_it_may_not_create_names_create_on_the_database() throws SQLException {
        try (Warehouse warehouse = asRole(missing)) {
            MissingPrivilegeException e = assertThrows(MissingPrivilegeException.class, warehouse::migrate);
            assertTrue(e.getMessage().startsWith("role " + role + " lacks CREATE on database " + database() + ", which creating schema "
                    + missing + " needs"), e.getMessage());
        }
    }

    @Test
    void an_unmigrated_schema_it_may_not_create_tables_in_names_create_on_the_schema() throws SQLException {
        try (Warehouse warehouse = asRole(empty)) {
            MissingPrivilegeException e = assertThrows(MissingPrivilegeException.class, warehouse::migrate);
            assertTrue(e.getMessage().startsWith("role " + role + " lacks CREATE on schema " + empty), e.getMessage());
            assertEquals(MissingPrivilegeException.SQLSTATE, e.getSQLState());
        }
    }

    private Warehouse asRole(String schema) throws SQLException {
        String url = server.jdbcUrl().replaceAll("([?&])(user|password)=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return Warehouse.open(url, role, PASSWORD, schema);
    }

    private String database() throws SQLException {
        try (Connection c = adminConnection(); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void admin(String... statements) throws SQLException {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private Connection adminConnection() throws SQLException {
        Properties credentials = new Properties();
        if (server.username() != null) {
            credentials.setProperty("user", server.username());
        }
        if (server.password() != null) {
            credentials.setProperty("password", server.password());
        }
        return DriverManager.getConnection(server.jdbcUrl(), credentials);
    }
}
