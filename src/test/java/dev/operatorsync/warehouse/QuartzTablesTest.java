package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.operatorsync.testing.TestDatabases;
import dev.operatorsync.testing.TestWarehouse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;

/**
 * V6__clustered_schedule.sql is a copy of the DDL in the Quartz jar: the tables it makes in the warehouse schema are
 * those the jar's own script makes (columns, types, nullability, keys and indexes). A Quartz upgrade that changes its
 * tables fails here, and then needs a migration of its own.
 */
class QuartzTablesTest {
    private static final String JAR_SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    @Test
    void the_migration_makes_the_tables_of_the_quartz_jar() throws Exception {
        String reference = TestDatabases.freshSchema();
        try (TestWarehouse tw = TestWarehouse.open(Dialect.POSTGRESQL); Connection c = tw.connect();
             Statement s = c.createStatement()) {
            try {
                s.execute("CREATE SCHEMA " + reference);
                s.execute("SET search_path TO " + reference);
                s.execute(jarScript().replace("COMMIT;", ""));
                List<String> migrated = describe(c, tw.schema());
                assertFalse(migrated.isEmpty(), "no qrtz_ tables in " + tw.schema());
                assertEquals(describe(c, reference), migrated);
            } finally {
                s.execute("DROP SCHEMA IF EXISTS " + reference + " CASCADE");
            }
        }
    }

    private static String jarScript() throws Exception {
        try (InputStream in = JobStoreSupport.class.getClassLoader().getResourceAsStream(JAR_SCRIPT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Each qrtz_ column and index of the schema, as text without the schema's name. */
    private static List<String> describe(Connection c, String schema) throws Exception {
        List<String> facts = new ArrayList<>();
        try (PreparedStatement columns = c.prepareStatement("SELECT table_name, column_name, data_type,"
                + " coalesce(character_maximum_length, numeric_precision), is_nullable FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name LIKE 'qrtz\\_%' ORDER BY table_name, ordinal_position")) {
            columns.setString(1, schema);
            try (ResultSet rs = columns.executeQuery()) {
                while (rs.next()) {
                    facts.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3) + "(" + rs.getString(4) + ")"
                            + ("YES".equals(rs.getString(5)) ? " null" : " not null"));
                }
            }
        }
        try (PreparedStatement indexes = c.prepareStatement("SELECT indexdef FROM pg_indexes"
                + " WHERE schemaname = ? AND tablename LIKE 'qrtz\\_%' ORDER BY indexname")) {
            indexes.setString(1, schema);
            try (ResultSet rs = indexes.executeQuery()) {
                while (rs.next()) {
                    facts.add(rs.getString(1).replace(schema + ".", ""));
                }
            }
        }
        return facts;
    }
}
