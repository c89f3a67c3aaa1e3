package dev.operatorsync.ops;

import dev.operatorsync.api.WebhookEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The webhook receiver's and worker's metrics, in the registry of {@link SyncMetrics}: events by type and outcome,
 * and the seconds from an event's {@code X-Timestamp} to its row committed. {@code type} is one of the documented
 * conversation types, {@code other} for any other type, or {@code unknown} before the body was read (a rejected
 * signature), so the label stays bounded whatever a sender posts.
 */
public final class WebhookMetrics {
    /** What the receiver answered: accepted (202), duplicate (200), rejected_signature (401), malformed (400). */
    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED_SIGNATURE = "rejected_signature";
    public static final String MALFORMED = "malformed";

    private final MeterRegistry registry;
    private final Timer eventToRow;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventToRow = Timer.builder(SyncMetrics.PREFIX + ".webhook.event.to.row")
                .description("Seconds from a webhook's X-Timestamp to the commit that finished it (its row through the guarded upsert)")
                .serviceLevelObjectives(ms(250), ms(500), ms(1000), ms(1500), ms(2000), ms(3000), ms(5000), ms(10000), ms(30000), ms(60000))
                .register(registry);
        // Present from the start, so the rejected-signature alert sees a zero rather than no series.
        events("unknown", REJECTED_SIGNATURE, 0);
    }

    public void event(String type, String outcome) {
        events(type, outcome, 1);
    }

    public void eventToRow(Duration took) {
        eventToRow.record(took.isNegative() ? Duration.ZERO : took);
    }

    /** The label for a type: a documented conversation type as is, anything else {@code other}. */
    public static String typeLabel(String type) {
        return type == null ? "unknown" : WebhookEnvelope.CONVERSATION_TYPES.contains(type) ? type : "other";
    }

    private void events(String type, String outcome, long count) {
        Counter.builder(SyncMetrics.PREFIX + ".webhook.events").description("Webhook events by type and by what became of them")
                .tags("type", type, "outcome", outcome).register(registry).increment(count);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
