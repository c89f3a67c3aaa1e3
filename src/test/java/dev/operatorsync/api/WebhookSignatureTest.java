package dev.operatorsync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Vectors computed outside Java, e.g.
 * {@code printf '%s' 'https://sync.example.com/webhooks/operator:key-1:1767225600:{...}' | openssl dgst -sha256 -hmac whsec_test}.
 */
class WebhookSignatureTest {
    private static final String URL = "https://sync.example.com/webhooks/operator";
    private static final byte[] BODY = ("{\"id\":\"evt_1\",\"created_at\":\"2026-01-01T00:00:00Z\",\"conversation_id\":\"conv_1\","
            + "\"payload\":{\"type\":\"conversation.ended\"}}").getBytes(StandardCharsets.UTF_8);
    private static final String SIGNED = "843199889016eba55568a185b9c2acef2c5ec8b44b4efa4db15544899e39e09b";

    private final WebhookSignature signature = new WebhookSignature("whsec_test");

    @Test
    void signs_url_key_timestamp_and_body_as_openssl_does() {
        assertEquals(SIGNED, signature.sign(URL, "key-1", "1767225600", BODY));
        assertEquals("ce51f3fd2029ea396a0b9e55cd46022ec063904602624c47ae5e5464962317b4",
                signature.sign(URL, "key-1", "1767225601", BODY), "the timestamp is signed");
    }

    @Test
    void utf8_secret_and_key_and_an_empty_body() {
        assertEquals("8c34b530283c2a64ceaeaef9b3316f76fa3a65cb1daf59c92a613524da0bda52",
                new WebhookSignature("sécret").sign("http://127.0.0.1:8090/webhooks/operator", "0b7e-ü", "1700000000", new byte[0]));
    }

    @Test
    void verifies_only_the_exact_lower_case_signature_of_the_exact_request() {
        assertTrue(signature.verifies(URL, "key-1", "1767225600", BODY, SIGNED));
        assertFalse(signature.verifies(URL, "key-1", "1767225600", BODY, SIGNED.toUpperCase()), "the contract says lower-case hex");
        assertFalse(signature.verifies(URL, "key-2", "1767225600", BODY, SIGNED), "another idempotency key");
        assertFalse(signature.verifies(URL + "/", "key-1", "1767225600", BODY, SIGNED), "another public URL");
        assertFalse(signature.verifies(URL, "key-1", "1767225600", "{}".getBytes(StandardCharsets.UTF_8), SIGNED), "another body");
        assertFalse(signature.verifies(URL, "key-1", "1767225600", BODY, SIGNED.substring(1)), "a shorter signature");
        assertFalse(new WebhookSignature("whsec_other").verifies(URL, "key-1", "1767225600", BODY, SIGNED), "another secret");
    }

    @Test
    void a_secret_is_required() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(""));
    }
}
