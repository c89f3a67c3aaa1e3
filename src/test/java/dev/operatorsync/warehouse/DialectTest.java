package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DialectTest {
    @Test
    void dialectFollowsTheUrlPrefix() {
        assertEquals(Dialect.POSTGRESQL, Dialect.fromJdbcUrl("jdbc:postgresql://db:5432/bi?user=sync"));
        assertEquals(Dialect.DUCKDB, Dialect.fromJdbcUrl("jdbc:duckdb:data/warehouse.duckdb"));
        assertEquals(Dialect.DUCKDB, Dialect.fromJdbcUrl("jdbc:duckdb:"));
    }

    @Test
    void unsupportedUrlNamesTheKeyAndThePrefixesButNotTheUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dialect.fromJdbcUrl("jdbc:mysql://db/bi?user=sync&password=s3cr3t"));
        assertTrue(e.getMessage().contains("warehouse.jdbc-url"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:duckdb:"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dialect.fromJdbcUrl(null));
    }
}
