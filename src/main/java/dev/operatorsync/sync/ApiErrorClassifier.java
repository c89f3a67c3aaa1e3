package dev.operatorsync.sync;

import dev.operatorsync.api.MalformedPageException;
import java.io.IOException;
import java.sql.SQLException;
import org.apache.camel.Exchange;

/**
 * Sorts a failed API call by the API's own word (guarantee 5). An error body's {@code transient} flag decides;
 * without one, 429, 5xx, timeouts and refused or reset connections are transient and other 4xx permanent. A
 * rejected key (401) or a key without permission (403) is never retried: it stops the whole run. A warehouse
 * failure is never the API's: {@link WarehouseRetries} judges those.
 * Called from the onWhen clauses of routes/errors.camel.yaml on every failure.
 */
public final class ApiErrorClassifier {

    /** @param exchange the failed exchange; its exception, or the one the dead-letter channel caught */
    public boolean isTransient(Exchange exchange) {
        return isTransient(failureOf(exchange));
    }

    /** Never for a failure of the warehouse (an SQLException anywhere in the chain): that is not the API's to judge. */
    public boolean isTransient(Throwable failure) {
        if (failure == null || ApiFailure.find(failure, SQLException.class) != null) {
            return false;
        }
        ApiFailure api = ApiFailure.of(failure);
        if (keyRejection(api) != null) {
            return false;
        }
        if (api.status() != null) {
            if (api.transientFlag() != null) {
                return api.transientFlag();
            }
            return api.status() == 429 || api.status() >= 500;
        }
        return ApiFailure.find(failure, IOException.class) != null;
    }

    /** Whether the policy retries this failure at all: transient, or a malformed page (retried a few times). */
    public boolean isRetryable(Throwable failure) {
        return isTransient(failure) || ApiFailure.find(failure, MalformedPageException.class) != null;
    }

    /** The one message a rejected key stops the run with, or null when the failure is not about the key. */
    public String keyRejection(Throwable failure) {
        return keyRejection(ApiFailure.of(failure));
    }

    private static String keyRejection(ApiFailure api) {
        if (api.status() == null) {
            return null;
        }
        return switch (api.status()) {
            case 401 -> "the API key was rejected (401" + codeSuffix(api) + "); check operator.api.key (OPERATOR_API_KEY)";
            case 403 -> "the API key lacks permission for GET /conversations (403" + codeSuffix(api) + "); check the key's scopes";
            default -> null;
        };
    }

    static Throwable failureOf(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static String codeSuffix(ApiFailure api) {
        return api.code() == null ? "" : " " + api.code();
    }
}
