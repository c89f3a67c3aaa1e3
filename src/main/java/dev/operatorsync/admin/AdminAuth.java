package dev.operatorsync.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The admin API's guard: {@code Authorization: Bearer <admin.token>}, compared in constant time (both sides
 * hashed to SHA-256 first, so not even the token's length leaks through timing). A request without the right
 * token ends here with 401. The request's headers are dropped either way (only the method, the content type and
 * the path's {@code id} are kept): the token travels no further, and nothing a client sent (form fields become headers)
 * is echoed into the response.
 */
public final class AdminAuth implements Processor {
    /** Decided once: {@link AdminSettings#tokenRequired()} resolves the host, which no request should wait for. */
    private final boolean tokenRequired;
    private final byte[] expected;

    public AdminAuth(AdminSettings settings) {
        this.tokenRequired = settings.tokenRequired();
        this.expected = sha256("Bearer " + settings.token().reveal());
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String given = message.getHeader("Authorization", String.class);
        message.removeHeaders("*", Exchange.HTTP_METHOD, Exchange.CONTENT_TYPE, Exchange.HTTP_QUERY, "id");
        if (!tokenRequired || (given != null && MessageDigest.isEqual(expected, sha256(given.trim())))) {
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
        message.setHeader("WWW-Authenticate", "Bearer realm=\"operator-sync\"");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(AdminApi.error(given == null ? "missing Authorization: Bearer <ADMIN_TOKEN>" : "wrong token"));
        exchange.setRouteStop(true);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
