package dev.operatorsync.sync;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream resumed at the cursor an interrupted run stored, which the API then refuses with a permanent 4xx
 * (cursors may expire; the API does not say): the window starts again from its beginning, once, instead of
 * failing at the same cursor every run until someone resets the state (routes/errors.camel.yaml, api-retries).
 * A refusal of a cursor the API itself just served is dead-lettered as usual.
 */
public final class RefusedCursors implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedCursors.class);

    private final ApiErrorClassifier classifier;

    public RefusedCursors(ApiErrorClassifier classifier) {
        this.classifier = classifier;
    }

    public boolean refusedStoredCursor(Exchange exchange) {
        StreamRun stream = exchange.getProperty("stream", StreamRun.class);
        Throwable failure = ApiErrorClassifier.failureOf(exchange);
        if (stream == null || failure == null || !stream.requestsStoredCursor()) {
            return false;
        }
        Integer status = ApiFailure.of(failure).status();
        return status != null && status >= 400 && status < 500 && status != 429
                && !classifier.isTransient(failure) && classifier.keyRejection(failure) == null;
    }

    /** Camel calls this when the failure occurs, before the one retry it allows. */
    @Override
    public void process(Exchange exchange) {
        if (!refusedStoredCursor(exchange)) {
            return;
        }
        StreamRun stream = exchange.getProperty("stream", StreamRun.class);
        ApiFailure api = ApiFailure.of(ApiErrorClassifier.failureOf(exchange));
        LOG.warn("stream {}: the API refused the cursor an interrupted run stored (status {}{}); starting the window again from its beginning",
                stream, api.status(), api.code() == null ? "" : ", code " + api.code());
        stream.restartWindowWithoutStoredCursor();
    }
}
