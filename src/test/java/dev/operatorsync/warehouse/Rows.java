package dev.operatorsync.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Conversation rows for tests: the payload hash is the SHA-256 of the raw JSON, as in production. */
final class Rows {
    static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");

    private Rows() {
    }

    /** A completed conversation whose raw JSON, and so its hash, depends on {@code summary}. */
    static ConversationRow row(String id, String summary, Instant observedAt) {
        String raw = "{\"id\": \"" + id + "\",  \"summary\":\"" + summary + "\", \"scenarios\": [\"billing\"]}";
        return new ConversationRow(id, "op_1", null, "cus_" + id, true, "inbound", "completed", "voice",
                "+15550100", T0, T0.plusSeconds(5), T0.plusSeconds(65), T0.plusSeconds(70), true, false, 60.5,
                "positive", null, "4711", summary, "[\"billing\", \"refund\"]", "{\"tier\": \"gold\", \"n\": 3}",
                raw, "2024-11-11", sha256(raw), observedAt);
    }

    static ConversationRow withId(ConversationRow r, String id) {
        return new ConversationRow(id, r.operatorId(), r.agentId(), r.customerId(), r.livemode(), r.direction(),
                r.status(), r.channelType(), r.phoneNo(), r.createdAt(), r.startedAt(), r.completedAt(),
                r.postprocessedAt(), r.postprocessed(), r.transferred(), r.durationSec(), r.sentiment(),
                r.failureReason(), r.zendeskTicketId(), r.summary(), r.scenariosJson(), r.customFieldsJson(),
                r.rawJson(), r.apiVersion(), r.payloadHash(), r.observedAt());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
