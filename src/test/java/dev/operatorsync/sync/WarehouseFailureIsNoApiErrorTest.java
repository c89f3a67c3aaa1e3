package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.zaxxer.hikari.pool.HikariPool;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * Guarantee 8: a warehouse failure is never mistaken for an API error. However an {@link SQLException} reaches
 * the API classifier (caused by a broken socket, wrapped by Camel or by our own code), the API's retry policy
 * must not take it, so a failed write can never be retried as if it were the page's fetch.
 */
class WarehouseFailureIsNoApiErrorTest {
    private final ApiErrorClassifier classifier = new ApiErrorClassifier();

    static Stream<Arguments> warehouseFailures() {
        SQLException reset = new SQLException("x", "08006", new SocketException("reset"));
        return Stream.of(
                Arguments.of("a lost connection, wrapped", new RuntimeException(reset)),
                Arguments.of("a lost connection, as is", reset),
                Arguments.of("pgjdbc's I/O error, wrapped by Camel",
                        new RuntimeCamelException(new PSQLException("An I/O error occurred while sending to the backend.",
                                PSQLState.CONNECTION_FAILURE, new EOFException()))),
                Arguments.of("refused at connect", new RuntimeException(new PSQLException("The connection attempt failed.",
                        PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException("Connection refused")))),
                Arguments.of("an admin shutdown", new RuntimeException(new SQLException("terminating connection", "57P01"))),
                Arguments.of("the pool timing out", new RuntimeException(new SQLTransientConnectionException(
                        "operator-sync-warehouse - Connection is not available", "08001", new SocketException("reset")))),
                Arguments.of("the pool failing to start", new HikariPool.PoolInitializationException(reset)),
                Arguments.of("an SQLException under an IOException",
                        new UncheckedIOException(new IOException("write failed", reset))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warehouseFailures")
    void a_chain_holding_an_sql_exception_is_never_an_api_error_to_retry(String what, Throwable failure) {
        assertFalse(classifier.isTransient(failure), what + " is not a transient API error");
        assertFalse(classifier.isRetryable(failure), what + " is not retried by the API's policy");
    }
}
