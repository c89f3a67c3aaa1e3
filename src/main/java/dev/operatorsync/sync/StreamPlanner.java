package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.StateStore;
import dev.operatorsync.warehouse.StreamState;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the windows one sync reads (guarantee 1 of the product contract). Per owner (an operator under
 * 2024-11-11, the account under 2025-06-19):
 * <ul>
 * <li>created_at from the watermark minus the lookback, reaching further back to the oldest conversation
 * that is not yet final (at most {@code sync.open-max-age}), so status changes no timestamp dates show;</li>
 * <li>completed_at, and postprocessed_at (2024-11-11) or a trailing completed_at window (2025-06-19);</li>
 * </ul>
 * each ending the settle delay before now. An interrupted window is resumed as it was, at its cursor.
 */
public final class StreamPlanner {
    private final Settings settings;
    private final Warehouse warehouse;

    public StreamPlanner(Settings settings, Warehouse warehouse) {
        this.settings = settings;
        this.warehouse = warehouse;
    }

    public List<StreamRun> plan(SyncRun run) throws SQLException {
        Instant end = run.startedAt().minus(settings.settleDelay());
        List<StreamRun> streams = new ArrayList<>();
        List<StreamKind> kinds = StreamKind.forVersion(settings.apiVersion());
        if (settings.apiVersion().perOperator()) {
            for (String operatorId : settings.operatorIds()) {
                planOwner(operatorId, operatorId, kinds, end, streams);
            }
        } else {
            planOwner(StreamKind.ACCOUNT, null, kinds, end, streams);
        }
        run.planned(streams.size());
        return streams;
    }

    private void planOwner(String owner, String operatorId, List<StreamKind> kinds, Instant end, List<StreamRun> streams) throws SQLException {
        StateStore states = warehouse.stateStore();
        Optional<StreamState> created = states.find(StreamKind.CREATED.streamId(owner));
        boolean ownerIsNew = created.map(s -> s.watermark() == null).orElse(true);
        for (StreamKind kind : kinds) {
            String streamId = kind.streamId(owner);
            Optional<StreamState> state = kind == StreamKind.CREATED ? created : states.find(streamId);
            if (state.isPresent() && state.get().interrupted()) {
                StreamState s = state.get();
                streams.add(new StreamRun(streamId, operatorId, kind, s.windowStart(), s.windowEnd(), s.resumeCursor()));
                continue;
            }
            Instant watermark = state.map(StreamState::watermark).orElse(null);
            Instant start = switch (kind) {
                case CREATED -> createdStart(operatorId, watermark, end);
                case RECENTLY_COMPLETED -> end.minus(settings.postprocessWindow());
                case COMPLETED, POSTPROCESSED -> {
                    if (watermark == null && ownerIsNew) {
                        // The created_at window of this first sync reads every conversation after this
                        // instant, so older completions are already in it. Persisting the watermark now
                        // (not at the window's end) keeps that true if the run is killed half-way.
                        states.initializeWatermark(streamId, operatorId, kind.filter(), end);
                        watermark = end;
                    }
                    yield atOrAfterStart(watermark == null ? null : watermark.minus(settings.lookback()));
                }
            };
            if (start == null || start.isBefore(end)) {
                streams.add(new StreamRun(streamId, operatorId, kind, start, end, null));
            }
        }
    }

    private Instant createdStart(String operatorId, Instant watermark, Instant end) throws SQLException {
        if (watermark == null) {
            return settings.syncStart().orElse(null);
        }
        Instant start = atOrAfterStart(watermark.minus(settings.lookback()));
        Instant openHorizon = atOrAfterStart(end.minus(settings.openMaxAge()));
        Optional<Instant> oldestOpen = warehouse.stateStore().oldestOpenConversation(operatorId, openHorizon);
        return oldestOpen.filter(o -> o.isBefore(start)).orElse(start);
    }

    private Instant atOrAfterStart(Instant instant) {
        return settings.syncStart().filter(s -> s.isAfter(instant)).orElse(instant);
    }
}
