package dev.operatorsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.api.MalformedPageException;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What went wrong with one API call, as far as the failure tells: the HTTP status and the error body's
 * {@code code}, {@code transient} flag and {@code data} when the body is the API's documented error shape.
 *
 * @param status        null when no response came back (timeout, refused or reset connection) or it was a 2xx
 * @param transientFlag the body's {@code transient}, null when there is no parseable error body
 */
public record ApiFailure(Integer status, String code, Boolean transientFlag, String data, String responseBody,
                         Map<String, String> responseHeaders, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ApiFailure of(Throwable failure) {
        HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
        if (http != null) {
            String body = http.getResponseBody();
            JsonNode error = errorBody(body);
            Map<String, String> headers = http.getResponseHeaders() == null ? Map.of() : http.getResponseHeaders();
            return new ApiFailure(http.getStatusCode(), text(error, "code"),
                    error != null && error.path("transient").isBoolean() ? error.get("transient").booleanValue() : null,
                    error != null && error.hasNonNull("data") ? error.get("data").toString() : null, body, headers,
                    "HTTP " + http.getStatusCode() + (error != null && error.hasNonNull("message") ? ": " + error.get("message").asText() : ""));
        }
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof IOException) && !(cause instanceof MalformedPageException)) {
            cause = cause.getCause();
        }
        return new ApiFailure(null, null, null, null, null, Map.of(), FailureText.of(cause));
    }

    /** A header of the failed response, looked up without regard to case. */
    public String header(String name) {
        return responseHeaders.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static JsonNode errorBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && (node.has("code") || node.has("transient")) ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
    }
}
