package dev.operatorsync.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A failure to put in {@code dead_letters}: a request that was not retried or ran out of retries (stage
 * {@code fetch}), or one record that could not be mapped ({@code transform}) or written ({@code load}).
 *
 * @param request the method, path and query, never a header: no secret can be in it
 * @param payload the response body (fetch) or the record as the API sent it (transform, load)
 */
public record DeadLetter(String stage, String operatorId, String conversationId, Integer httpStatus, String errorCode,
                         Boolean transientFlag, String message, String request, String payload) {
    public static final String FETCH = "fetch";
    public static final String TRANSFORM = "transform";
    public static final String LOAD = "load";

    public static DeadLetter record(String stage, String operatorId, String conversationId, String message, String request,
                                    String payload) {
        return new DeadLetter(stage, operatorId, conversationId, null, null, false, message, request, payload);
    }

    /**
     * What makes a failure "the same again": for a request, the request without its window end (which moves
     * with every run while the watermark stays); for a record, the stage and the conversation id, or the
     * record's bytes when it has no id.
     */
    String fingerprint() {
        if (FETCH.equals(stage)) {
            return stage + " " + (request == null ? "" : request.replaceAll("[a-z_]+_lt=[^&]*&?", "").replaceAll("&$", ""));
        }
        return stage + " " + (conversationId != null ? "id:" + conversationId : "sha256:" + sha256(payload == null ? "" : payload));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
