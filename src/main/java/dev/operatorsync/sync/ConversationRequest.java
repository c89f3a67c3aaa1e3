package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Prepares {@code GET /conversations/{id}} for the exchange property {@code conversationId}: the headers every
 * request carries and the id as the path below the endpoint's {@code /conversations}, with no query.
 */
public final class ConversationRequest implements Processor {
    private final Settings settings;

    public ConversationRequest(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        String id = exchange.getProperty("conversationId", String.class);
        StreamRun stream = exchange.getProperty("stream", StreamRun.class);
        if (stream != null) {
            stream.attemptStarting();
        }
        Message message = exchange.getMessage();
        ApiRequest.freshHeaders(message, settings);
        message.removeHeader(Exchange.HTTP_QUERY);
        message.setHeader(Exchange.HTTP_PATH, "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    }

    /** The request as a dead letter keeps it: method and path, never a header. */
    static String describe(String conversationId) {
        return "GET /conversations/" + URLEncoder.encode(conversationId, StandardCharsets.UTF_8);
    }
}
