package dev.operatorsync.simulator;

import dev.operatorsync.api.ApiVersion;

/**
 * Renders a conversation as the list endpoint serves it at a given second, field by field in the order
 * operator-api.md lists them. Attributes that do not change over time are derived from a hash of the id.
 */
final class ConversationRenderer {
    private static final String[] SENTIMENTS = {"positive", "neutral", "negative"};
    private static final String[] TOPICS = {"billing", "scheduling", "support", "sales"};
    private static final String[] SCENARIOS = {"appointment", "billing_question", "callback", "complaint", "sales_lead"};
    private static final String[] FAILURE_REASONS = {"carrier_error", "invalid_number", "agent_error"};
    private static final String EXPERIMENTAL =
            ",\"x_experimental\":{\"flag\":true,\"note\":\"undocumented; clients must keep it, not fail on it\"}";

    private final Conversations conversations;
    private final String[] agentIds;
    private final long seed;
    private final int customers;
    private final boolean unknownFields;

    ConversationRenderer(Conversations conversations, long seed, int historicalConversations, boolean unknownFields) {
        this.conversations = conversations;
        this.seed = seed;
        this.customers = Math.max(1, historicalConversations / 4);
        this.unknownFields = unknownFields;
        agentIds = new String[conversations.operators()];
        for (int o = 0; o < agentIds.length; o++) {
            agentIds[o] = "ca_" + Ids.base62(Ids.mix(seed ^ (0xA6E47L + o))) + "@v0";
        }
    }

    void render(ApiVersion version, int rank, long now, StringBuilder out) {
        if (version == ApiVersion.V2024_11_11) render20241111(rank, now, out);
        else render20250619(rank, now, out);
    }

    /**
     * A conversation as {@code GET /conversations/{id}} serves it: under 2025-06-19 the listed object plus
     * {@code channel}, {@code override_config} and {@code summary}; under 2024-11-11 the listed object.
     */
    void renderOne(ApiVersion version, int rank, long now, StringBuilder out) {
        render(version, rank, now, out);
        if (version == ApiVersion.V2024_11_11) return;
        long traits = traits(rank);
        boolean postprocessed = now >= conversations.postprocessedAt(rank);
        out.setLength(out.length() - 1);
        out.append(",\"channel\":{\"type\":\"").append(bits(traits, 1, 4) == 0 ? "web" : "phone").append("\"}");
        out.append(",\"override_config\":{}");
        out.append(",\"summary\":");
        if (postprocessed) out.append("\"The customer asked about ").append(TOPICS[bits(traits, 57, 4)]).append(".\"");
        else out.append("null");
        out.append('}');
    }

    private void render20241111(int rank, long now, StringBuilder out) {
        Conversations c = conversations;
        long traits = traits(rank);
        boolean completed = now >= c.completedAt(rank);
        boolean postprocessed = now >= c.postprocessedAt(rank);
        out.append("{\"id\":");
        id(out, rank);
        out.append(",\"livemode\":").append(c.livemode(rank));
        out.append(",\"created_at\":");
        Timestamps.appendQuoted(out, c.createdAt(rank));
        out.append(",\"started_at\":");
        timestampFrom(out, c.startedAt(rank), now);
        out.append(",\"completed_at\":");
        timestampFrom(out, c.completedAt(rank), now);
        out.append(",\"direction\":\"").append(direction(traits)).append('"');
        out.append(",\"phone_no\":\"+1").append(200 + bits(traits, 3, 800));
        String line = Integer.toString(bits(traits, 13, 10_000_000));
        out.append("0000000", 0, 7 - line.length()).append(line).append('"');
        out.append(",\"status\":\"").append(status(rank, now)).append('"');
        out.append(",\"transferred\":").append(completed && bits(traits, 40, 8) == 0);
        out.append(",\"postprocessed\":").append(postprocessed);
        out.append(",\"postprocessed_at\":");
        timestampFrom(out, c.postprocessedAt(rank), now);
        out.append(",\"duration_sec\":");
        if (completed) out.append(c.durationSec(rank));
        else out.append("null");
        out.append(",\"sentiment\":");
        sentiment(out, traits, postprocessed);
        out.append(",\"zendesk_ticket_id\":");
        if (bits(traits, 43, 4) == 0) out.append("null");
        else out.append('"').append(100_000 + bits(traits, 45, 900_000)).append('"');
        out.append(",\"scenarios\":[");
        int mask = bits(traits, 50, 32);
        String separator = "";
        for (int i = 0; i < SCENARIOS.length; i++) {
            if ((mask & (1 << i)) != 0) {
                out.append(separator).append('"').append(SCENARIOS[i]).append('"');
                separator = ",";
            }
        }
        out.append("],\"custom_fields\":");
        customFields(out, traits, postprocessed);
        closeObject(out);
    }

    private void render20250619(int rank, long now, StringBuilder out) {
        Conversations c = conversations;
        long traits = traits(rank);
        boolean completed = now >= c.completedAt(rank);
        boolean postprocessed = now >= c.postprocessedAt(rank);
        out.append("{\"id\":");
        id(out, rank);
        out.append(",\"agent_id\":\"").append(agentIds[c.owner(rank)]).append('"');
        out.append(",\"customer_id\":\"cus_");
        Ids.appendBase62(out, Ids.mix(seed + Long.remainderUnsigned(Ids.mix(traits), customers)));
        out.append("\",\"channel_type\":\"").append(bits(traits, 1, 4) == 0 ? "web" : "phone").append('"');
        out.append(",\"livemode\":").append(c.livemode(rank));
        out.append(",\"created_at\":");
        Timestamps.appendQuoted(out, c.createdAt(rank));
        out.append(",\"started_at\":");
        timestampFrom(out, c.startedAt(rank), now);
        out.append(",\"completed_at\":");
        timestampFrom(out, c.completedAt(rank), now);
        out.append(",\"direction\":\"").append(direction(traits)).append('"');
        out.append(",\"status\":\"").append(status(rank, now)).append('"');
        out.append(",\"failure_reason\":");
        if (completed && c.finalStatus(rank) == Conversations.FAILED) {
            out.append('"').append(FAILURE_REASONS[bits(traits, 61, 3)]).append('"');
        } else {
            out.append("null");
        }
        out.append(",\"custom_fields\":");
        customFields(out, traits, postprocessed);
        out.append(",\"duration_sec\":");
        if (completed) out.append(c.durationSec(rank));
        else out.append("null");
        out.append(",\"sentiment\":");
        sentiment(out, traits, postprocessed);
        closeObject(out);
    }

    private long traits(int rank) {
        return Ids.mix(conversations.id(rank) ^ 0x3C6EF372FE94F82BL);
    }

    private static int bits(long traits, int shift, int modulo) {
        return (int) Long.remainderUnsigned(traits >>> shift, modulo);
    }

    private void id(StringBuilder out, int rank) {
        out.append("\"conv_");
        Ids.appendBase62(out, conversations.id(rank));
        out.append('"');
    }

    private static String direction(long traits) {
        return (traits & 1) == 0 ? "inbound" : "outbound";
    }

    private String status(int rank, long now) {
        if (now < conversations.startedAt(rank)) return "queued";
        if (now < conversations.completedAt(rank)) return "in-progress";
        return Conversations.FINAL_STATUSES[conversations.finalStatus(rank)];
    }

    /** A timestamp that is null until it has happened. */
    private static void timestampFrom(StringBuilder out, long at, long now) {
        if (now >= at) Timestamps.appendQuoted(out, at);
        else out.append("null");
    }

    private static void sentiment(StringBuilder out, long traits, boolean postprocessed) {
        if (postprocessed) out.append('"').append(SENTIMENTS[bits(traits, 55, 3)]).append('"');
        else out.append("null");
    }

    private static void customFields(StringBuilder out, long traits, boolean postprocessed) {
        if (!postprocessed) {
            out.append("{}");
            return;
        }
        out.append("{\"topic\":\"").append(TOPICS[bits(traits, 57, 4)]).append("\",\"csat\":")
                .append(1 + bits(traits, 59, 5)).append('}');
    }

    private void closeObject(StringBuilder out) {
        if (unknownFields) out.append(EXPERIMENTAL);
        out.append('}');
    }
}
