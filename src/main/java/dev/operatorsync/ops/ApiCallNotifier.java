package dev.operatorsync.ops;

import dev.operatorsync.sync.StreamRun;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts every call to the Operator API by status code and times it, from Camel's "exchange sent" event of
 * the HTTP endpoint: it sees each attempt (retries included) and the failures as well as the successes,
 * whatever the routes do around the call. Labels are the status and the stream; never a URL or an id.
 */
public final class ApiCallNotifier extends EventNotifierSupport {
    private final SyncMetrics metrics;
    private final String apiBaseUrl;

    public ApiCallNotifier(SyncMetrics metrics, String apiBaseUrl) {
        this.metrics = metrics;
        this.apiBaseUrl = apiBaseUrl;
        setIgnoreExchangeSentEvents(false);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith(apiBaseUrl);
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        StreamRun stream = exchange.getProperty("stream", StreamRun.class);
        String operator = stream == null ? "none" : ConfiguredStreams.operatorLabel(stream.operatorId());
        String streamLabel = stream == null ? "none" : ConfiguredStreams.label(stream.streamId());
        metrics.apiRequest(operator, streamLabel, status(exchange), sent.getTimeTaken() * 1_000_000L);
    }

    static String status(Exchange exchange) {
        HttpOperationFailedException failed = exchange.getException(HttpOperationFailedException.class);
        if (failed != null) {
            return Integer.toString(failed.getStatusCode());
        }
        if (exchange.getException() != null) {
            return "error";
        }
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return code == null ? "error" : code.toString();
    }
}
