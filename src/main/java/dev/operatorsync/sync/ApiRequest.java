package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.StringJoiner;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Prepares the next {@code GET /conversations} of a stream: the three headers every request carries and
 * the query with the window's filters, repeated beside the cursor on every page. The key is set here,
 * from the settings, so it never passes through Camel's property placeholders or endpoint URIs.
 */
public final class ApiRequest implements Processor {
    private final Settings settings;

    public ApiRequest(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        StreamRun stream = exchange.getProperty("stream", StreamRun.class);
        stream.attemptStarting();
        Message message = exchange.getMessage();
        freshHeaders(message, settings);
        message.setHeader(Exchange.HTTP_QUERY, query(stream));
    }

    /** The headers every request carries, and no others. */
    static void freshHeaders(Message message, Settings settings) {
        // Camel's own headers stay: the redelivery counter lives in them, and the HTTP component never sends them.
        message.removeHeaders("*", "Camel*");
        setHeaders(message, settings);
    }

    /** An empty body and the three headers every request to the API carries (and Accept); the key from the settings. */
    public static void setHeaders(Message message, Settings settings) {
        message.setBody(null);
        message.setHeader("Authorization", "Bearer " + settings.apiKey().reveal());
        message.setHeader("Operator-Version", settings.apiVersion().header());
        message.setHeader("User-Agent", settings.userAgent());
        message.setHeader("Accept", "application/json");
    }

    /** The request as a dead letter keeps it: method, path and query, never a header. */
    static String describe(StreamRun stream) {
        return "GET /conversations?" + query(stream);
    }

    static String query(StreamRun stream) {
        StringJoiner query = new StringJoiner("&");
        if (stream.operatorId() != null) {
            query.add(param("operator_id", stream.operatorId()));
        }
        String filter = stream.kind().filter();
        if (stream.windowStart() != null) {
            query.add(param(filter + "_gte", format(stream.windowStart())));
        }
        query.add(param(filter + "_lt", format(stream.windowEnd())));
        if (stream.cursor() != null) {
            query.add(param("cursor", stream.cursor()));
        }
        return query.toString();
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** ISO-8601 UTC, whole seconds, as the API documents its timestamps. */
    private static String format(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
