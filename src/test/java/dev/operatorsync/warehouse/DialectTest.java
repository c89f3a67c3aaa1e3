package dev.operatorsync.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest
    @CsvSource({"08006, true", "08001, true", "57P01, true", "57P03, true", "40001, true", "40P01, true", "55P03, true",
            "53300, true", "42501, false", "53100, false", "23505, false", "42P01, false"})
    void postgresqlSortsItsFailuresByTheirSqlState(String sqlState, boolean passing) {
        SQLException failure = new SQLException("refused", sqlState);
        assertEquals(passing, Dialect.POSTGRESQL.isTransient(new IllegalStateException("write failed", failure)));
    }

    @Test
    void aBrokenSocketWithoutASqlStateIsTransientAndAnythingWithoutAnSqlExceptionIsNotTheWarehouses() {
        assertTrue(Dialect.POSTGRESQL.isTransient(new SQLException("I/O error", null, new SocketException("reset"))));
        assertTrue(Dialect.POSTGRESQL.isTransient(new SQLTransientConnectionException("pool timed out")));
        assertFalse(Dialect.POSTGRESQL.isTransient(new SocketException("reset")), "an API call's broken socket is not the warehouse's");
        assertFalse(Dialect.POSTGRESQL.isTransient(null));
    }

    @Test
    void duckDbSaysItsConflictsAndItsFileLockInWords() {
        assertTrue(Dialect.DUCKDB.isTransient(new SQLException("TransactionContext Error: Catalog write-write conflict on alter")));
        assertTrue(Dialect.DUCKDB.isTransient(new SQLException("IO Error: Could not set lock on file \"data/w.duckdb\"")));
        assertFalse(Dialect.DUCKDB.isTransient(new SQLException("Constraint Error: NOT NULL constraint failed: conversations.id")));
    }
}
