package dev.operatorsync.webhook;

import dev.operatorsync.api.WebhookEnvelope;
import dev.operatorsync.api.WebhookSignature;
import dev.operatorsync.ops.WebhookMetrics;
import dev.operatorsync.warehouse.ReceivedEvent;
import dev.operatorsync.warehouse.WebhookEventStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The steps of {@code POST /webhooks/operator} (routes/webhooks.camel.yaml), each ending the exchange with its answer
 * when the request goes no further: {@link #verify} 401, {@link #parse} 400, {@link #accept} 202 (kept for the
 * worker) or 200 (an idempotency key already kept). The secret and the signature are never logged, and no header a
 * sender sent is echoed back.
 */
public final class WebhookReceiver {
    static final String KEY = "webhookIdempotencyKey";
    static final String SIGNED_AT = "webhookSignedAt";
    static final String ENVELOPE = "webhookEnvelope";

    private final WebhookSignature signature;
    private final String publicUrl;
    private final WebhookEventStore events;
    private final WebhookMetrics metrics;
    private final Clock clock;

    public WebhookReceiver(WebhookSettings settings, WebhookEventStore events, WebhookMetrics metrics, Clock clock) {
        this.signature = new WebhookSignature(settings.secret().reveal());
        this.publicUrl = settings.publicUrl();
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** 401 unless the three headers are there, the timestamp is within 5 minutes of now and the signature verifies. */
    public void verify(Exchange exchange) {
        Message message = exchange.getMessage();
        String timestamp = message.getHeader(WebhookSignature.TIMESTAMP, String.class);
        String key = message.getHeader(WebhookSignature.IDEMPOTENCY_KEY, String.class);
        String given = message.getHeader(WebhookSignature.SIGNATURE, String.class);
        message.removeHeaders("*", "Camel*");
        byte[] body = message.getBody(byte[].class);
        message.setBody(body == null ? new byte[0] : body);
        String problem = null;
        Instant signedAt = null;
        if (timestamp == null || key == null || key.isBlank() || given == null) {
            problem = "X-Timestamp, X-Idempotency-Key and X-Signature are required";
        } else {
            signedAt = unixSeconds(timestamp);
            if (signedAt == null || Duration.between(signedAt, clock.instant()).abs().compareTo(WebhookSettings.MAX_SKEW) > 0) {
                problem = "X-Timestamp must be Unix seconds within 5 minutes of now";
            } else if (!signature.verifies(publicUrl, key, timestamp, message.getBody(byte[].class), given)) {
                problem = "X-Signature does not verify";
            }
        }
        if (problem != null) {
            metrics.event("unknown", WebhookMetrics.REJECTED_SIGNATURE);
            answer(exchange, 401, problem);
            return;
        }
        exchange.setProperty(KEY, key);
        exchange.setProperty(SIGNED_AT, signedAt);
    }

    /** 400 unless the body is the event envelope. */
    public void parse(Exchange exchange) {
        try {
            exchange.setProperty(ENVELOPE, WebhookEnvelope.parse(exchange.getMessage().getBody(byte[].class)));
        } catch (IllegalArgumentException e) {
            metrics.event("unknown", WebhookMetrics.MALFORMED);
            answer(exchange, 400, "not a webhook event: " + e.getMessage());
        }
    }

    /** Keeps the event in the warehouse, then answers 202; 200 when its idempotency key was kept before. */
    public void accept(Exchange exchange) throws SQLException {
        WebhookEnvelope envelope = exchange.getProperty(ENVELOPE, WebhookEnvelope.class);
        ReceivedEvent event = new ReceivedEvent(exchange.getProperty(KEY, String.class), envelope.id(), envelope.type(),
                envelope.conversationId(), envelope.operatorId(), exchange.getProperty(SIGNED_AT, Instant.class));
        boolean kept = events.accept(event, envelope.fetchesConversation(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        metrics.event(WebhookMetrics.typeLabel(envelope.type()), kept ? WebhookMetrics.ACCEPTED : WebhookMetrics.DUPLICATE);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, kept ? 202 : 200);
        message.setBody(null);
    }

    private static Instant unixSeconds(String timestamp) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static void answer(Exchange exchange, int status, String problem) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody("{\"error\":\"" + problem + "\"}");
        exchange.setRouteStop(true);
    }
}
