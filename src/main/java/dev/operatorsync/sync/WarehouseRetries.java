package dev.operatorsync.sync;

import dev.operatorsync.warehouse.Dialect;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse's side of a stream's failures (routes/errors.camel.yaml, warehouse-retries). The warehouse's own
 * word decides what passes ({@link Dialect#isTransient}); when such a failure occurs the stream goes back to its
 * last committed page, and it is tried again while fewer than {@code maxAttempts} failures came in a row.
 * The count lives on the stream, not in Camel's redelivery headers, which the page loop resets for each page.
 */
public final class WarehouseRetries implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseRetries.class);

    private final Dialect dialect;
    private final int maxAttempts;

    /** @param maxAttempts failures in a row a stream may meet before it fails (warehouse.retry.max-attempts) */
    public WarehouseRetries(Dialect dialect, int maxAttempts) {
        this.dialect = dialect;
        this.maxAttempts = maxAttempts;
    }

    public boolean isTransient(Exchange exchange) {
        return dialect.isTransient(ApiErrorClassifier.failureOf(exchange));
    }

    /** Whether the stream that just failed is loaded again from its last committed page. */
    public boolean retryAgain(Exchange exchange) {
        StreamRun stream = exchange.getProperty("stream", StreamRun.class);
        return stream != null && stream.warehouseFailures() < maxAttempts;
    }

    /** Camel calls this when the failure occurs, before it decides on a retry: the stream rewinds either way. */
    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Throwable failure = ApiErrorClassifier.failureOf(exchange);
        StreamRun stream = exchange.getProperty("stream", StreamRun.class);
        if (stream == null || !dialect.isTransient(failure)) {
            return;
        }
        int failures = stream.rewindAfterWarehouseFailure();
        // A 429's wait set for the API's retry is not the warehouse's to keep.
        exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        String cause = describe(failure);
        if (failures < maxAttempts) {
            LOG.warn("stream {}: {}; loading it again from its last committed page (failure {} of {})",
                    stream.streamId(), cause, failures, maxAttempts);
        } else {
            LOG.warn("stream {}: {}; giving up after {} failures in a row", stream.streamId(), cause, failures);
        }
    }

    /** What a warehouse failure says, for a person: its SQLSTATE and message, never a class name. */
    static String describe(Throwable failure) {
        SQLException sql = Dialect.warehouseCause(failure);
        if (sql == null) {
            return failure == null ? "unknown failure" : String.valueOf(failure.getMessage());
        }
        String state = sql.getSQLState() == null ? "" : " (SQLSTATE " + sql.getSQLState() + ")";
        return "the warehouse failed" + state + ": " + sql.getMessage();
    }
}
