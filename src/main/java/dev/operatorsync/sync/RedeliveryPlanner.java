package dev.operatorsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The onExceptionOccurred hook of the retry policy (routes/errors.camel.yaml). Camel calls it after each
 * failure, before it decides on a redelivery. When one will follow it logs one WARN line, counts the retry on
 * the stream, and turns a 429's {@code Retry-After} into {@code CamelRedeliveryDelay}. Camel uses that header
 * as is, skipping its own cap and jitter, so the wait is capped here by {@code sync.retry.rate-limit-max-wait}.
 */
public final class RedeliveryPlanner implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryPlanner.class);

    private final ApiErrorClassifier classifier;
    private final Duration rateLimitMaxWait;
    private final Clock clock;

    public RedeliveryPlanner(ApiErrorClassifier classifier, Duration rateLimitMaxWait, Clock clock) {
        this.classifier = classifier;
        this.rateLimitMaxWait = rateLimitMaxWait;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = ApiErrorClassifier.failureOf(exchange);
        Integer attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer maxRedeliveries = exchange.getIn().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        // Camel keeps the hook of the last matching clause, so it also runs for a failure no clause retries.
        if (failure == null || attempt == null || maxRedeliveries == null || attempt > maxRedeliveries
                || !classifier.isRetryable(failure)) {
            return;
        }
        ApiFailure api = ApiFailure.of(failure);
        boolean rateLimited = Integer.valueOf(429).equals(api.status());
        Optional<Duration> asked = rateLimited ? RetryAfter.parse(api.header("Retry-After"), clock.instant()) : Optional.empty();
        String wait = "backoff";
        if (asked.isPresent()) {
            Duration capped = asked.get().compareTo(rateLimitMaxWait) > 0 ? rateLimitMaxWait : asked.get();
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, capped.toMillis());
            wait = "Retry-After " + capped.toMillis() + " ms" + (capped.equals(asked.get()) ? "" : " (capped)");
        }
        StreamRun stream = exchange.getProperty("stream", StreamRun.class);
        if (stream != null) {
            stream.retryScheduled(rateLimited);
        }
        LOG.warn("{}: {}{} on attempt {} of {}; retrying after {}", stream == null ? "request" : stream.streamId(),
                api.status() == null ? api.message() : "status " + api.status(), api.code() == null ? "" : ", code " + api.code(),
                attempt, maxRedeliveries + 1, wait);
    }
}
