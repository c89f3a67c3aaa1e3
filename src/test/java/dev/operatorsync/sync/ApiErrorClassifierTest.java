package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.MalformedPageException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiErrorClassifierTest {
    private final ApiErrorClassifier classifier = new ApiErrorClassifier();

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException("http://api/conversations", status, "x", null, Map.of(), body);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "503 | {\"code\":\"Busy\",\"transient\":true}   | true",
            "400 | {\"code\":\"Later\",\"transient\":true}  | true",
            "503 | {\"code\":\"Gone\",\"transient\":false}  | false",
            "429 | {\"code\":\"Slow\",\"transient\":false}  | false",
            "429 |                                           | true",
            "500 | <html>oops</html>                         | true",
            "502 |                                           | true",
            "404 | <html>nope</html>                         | false",
            "400 |                                           | false",
            "401 | {\"code\":\"Unauthorized\",\"transient\":true} | false",
            "403 |                                           | false"})
    void the_error_body_decides_then_the_status(int status, String body, boolean retried) {
        assertEquals(retried, classifier.isTransient(http(status, body)));
    }

    @Test
    void broken_connections_and_timeouts_are_transient() {
        assertTrue(classifier.isTransient(new SocketTimeoutException("read timed out")));
        assertTrue(classifier.isTransient(new ConnectException("refused")));
        assertTrue(classifier.isTransient(new ConnectionClosedException("Premature end")));
        assertTrue(classifier.isTransient(new RuntimeException(new java.io.IOException("reset"))));
        assertFalse(classifier.isTransient(new IllegalStateException("a bug")));
    }

    @Test
    void a_malformed_page_is_retried_but_is_not_transient() {
        assertFalse(classifier.isTransient(new MalformedPageException("no data")));
        assertTrue(classifier.isRetryable(new MalformedPageException("no data")));
    }

    @Test
    void the_api_code_and_data_are_kept() {
        ApiFailure failure = ApiFailure.of(http(400, "{\"code\":\"InvalidCursor\",\"transient\":false,\"message\":\"m\",\"data\":{\"parameter\":\"cursor\"}}"));
        assertEquals("InvalidCursor", failure.code());
        assertEquals("{\"parameter\":\"cursor\"}", failure.data());
        assertEquals(Boolean.FALSE, failure.transientFlag());
    }

    @Test
    void a_rejected_key_has_one_clear_message() {
        assertTrue(classifier.keyRejection(http(401, null)).startsWith("the API key was rejected"));
        assertTrue(classifier.keyRejection(http(403, null)).startsWith("the API key lacks permission for GET /conversations"));
        assertNull(classifier.keyRejection(http(404, null)));
    }

    @Test
    void retry_after_reads_both_forms() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.parse("2", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Thu, 01 Jan 2026 00:01:30 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", now));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", now));
        assertEquals(Optional.empty(), RetryAfter.parse(null, now));
    }

    @Test
    void aWarehouseFailureIsNeverTheApisToRetryWhateverItsCause() {
        SQLException lostConnection = new SQLException("I/O error", "08006", new SocketException("Connection reset"));
        assertFalse(classifier.isTransient(lostConnection));
        assertFalse(classifier.isTransient(new IllegalStateException("page write failed", lostConnection)));
        assertFalse(classifier.isRetryable(new RuntimeException(lostConnection)));
        assertTrue(classifier.isTransient(new SocketException("Connection reset")), "the API call's own broken socket still is");
    }
}
