package dev.operatorsync.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as the simulator received it.
 *
 * @param query   the raw (still encoded) query string, or null
 * @param headers header names are case-insensitive; repeated headers are joined with ","
 */
public record RecordedRequest(String method, String path, String query, Map<String, String> headers) {
    public RecordedRequest {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
    }

    /** The decoded value of the first occurrence of a query parameter, or null. */
    public String queryParam(String name) {
        if (query == null || query.isEmpty()) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) return eq < 0 ? "" : decode(pair.substring(eq + 1));
        }
        return null;
    }

    /** Keeps the credentials out of logs and assertion messages that print a request. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        shown.putAll(headers);
        shown.computeIfPresent("Authorization", (name, value) -> "***");
        return "RecordedRequest[method=" + method + ", path=" + path + ", query=" + query + ", headers=" + shown + "]";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
