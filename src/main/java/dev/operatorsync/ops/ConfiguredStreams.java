package dev.operatorsync.ops;

import dev.operatorsync.config.Settings;
import dev.operatorsync.sync.StreamKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams the configuration asks for, as {@code sync_state} names them, with their metric labels. The
 * same owners and kinds {@link dev.operatorsync.sync.StreamPlanner} plans; health and metrics only look at
 * these, so labels stay bounded whatever else the table holds.
 */
public record ConfiguredStreams(List<Stream> streams) {
    /** {@code operator} is the operator id, or {@code account} for the account-wide streams of 2025-06-19. */
    public record Stream(String streamId, String operator, String stream) {
    }

    public static ConfiguredStreams of(Settings settings) {
        List<Stream> streams = new ArrayList<>();
        List<StreamKind> kinds = StreamKind.forVersion(settings.apiVersion());
        List<String> owners = settings.apiVersion().perOperator() ? settings.operatorIds() : List.of(StreamKind.ACCOUNT);
        for (String owner : owners) {
            for (StreamKind kind : kinds) {
                streams.add(stream(owner, kind));
            }
        }
        return new ConfiguredStreams(List.copyOf(streams));
    }

    private static Stream stream(String owner, StreamKind kind) {
        String streamId = kind.streamId(owner);
        return new Stream(streamId, owner, label(streamId));
    }

    /** The kind part of a stream id ({@code op_1/created_at} → {@code created_at}). */
    public static String label(String streamId) {
        int slash = streamId.lastIndexOf('/');
        return slash < 0 ? streamId : streamId.substring(slash + 1);
    }

    /** The owner part of a stream id; {@code account} when the stream has no operator. */
    public static String operatorLabel(String operatorId) {
        return operatorId == null ? StreamKind.ACCOUNT : operatorId;
    }
}
