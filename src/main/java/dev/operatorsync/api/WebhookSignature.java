package dev.operatorsync.api;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Operator's request signing, as webhooks use it: {@code X-Signature} is the lower-case hex HMAC-SHA256, keyed
 * with the webhook secret, of {@code {public-url}:{idempotency-key}:{timestamp}:{body}}, where the timestamp is
 * {@code X-Timestamp} (Unix seconds) exactly as sent and the body the request's bytes exactly as received.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String IDEMPOTENCY_KEY = "X-Idempotency-Key";
    public static final String SIGNATURE = "X-Signature";

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook secret is required");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The {@code X-Signature} a sender puts on this request. */
    public String sign(String publicUrl, String idempotencyKey, String timestamp, byte[] body) {
        return HexFormat.of().formatHex(mac(publicUrl, idempotencyKey, timestamp, body));
    }

    /** Whether {@code signature} is this request's, compared in constant time. */
    public boolean verifies(String publicUrl, String idempotencyKey, String timestamp, byte[] body, String signature) {
        byte[] expected = sign(publicUrl, idempotencyKey, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String publicUrl, String idempotencyKey, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((publicUrl + ":" + idempotencyKey + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
