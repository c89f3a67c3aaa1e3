package dev.operatorsync.ops;

import dev.operatorsync.warehouse.StreamState;
import dev.operatorsync.warehouse.Warehouse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the warehouse says about the sync, read with a few cheap queries and kept for {@link #MAX_STALENESS}:
 * each stream's watermark and last success, the open dead letters, the newest finished run. Gauges and
 * health checks read this snapshot, so a scrape never waits on more than one refresh, and a warehouse that
 * stops answering leaves the last known values (the warehouse health check reports the outage itself).
 */
public final class WarehouseFacts {
    static final Duration MAX_STALENESS = Duration.ofSeconds(10);
    static final List<String> STAGES = List.of("fetch", "transform", "load");
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseFacts.class);

    /** The newest finished sync run. */
    public record LastRun(long runId, String status, Instant finishedAt, String error) {
    }

    private record Snapshot(Instant readAt, Map<String, StreamState> states, Map<String, Long> openDeadLetters,
                            Optional<LastRun> lastRun) {
    }

    private final Warehouse warehouse;
    private final ConfiguredStreams streams;
    private final Clock clock;
    private final String openDeadLettersSql;
    private final String latestFinishedSyncSql;
    private volatile Snapshot snapshot;

    public WarehouseFacts(Warehouse warehouse, ConfiguredStreams streams, Clock clock) {
        this.warehouse = warehouse;
        this.streams = streams;
        this.clock = clock;
        this.openDeadLettersSql = warehouse.sql("ops_open_dead_letters");
        this.latestFinishedSyncSql = warehouse.sql("ops_latest_finished_sync");
    }

    public ConfiguredStreams streams() {
        return streams;
    }

    /**
     * Registers the warehouse gauges: {@code operator_sync_watermark_lag_seconds{operator,stream}} (now minus
     * the stream's watermark; absent until a stream has one) and {@code operator_sync_dead_letters_open{stage}}.
     */
    public void bindTo(MeterRegistry registry) {
        for (ConfiguredStreams.Stream s : streams.streams()) {
            Gauge.builder(SyncMetrics.PREFIX + ".watermark.lag", this, f -> f.lagSeconds(s.streamId()))
                    .description("How far the stream's watermark trails now; grows when syncs stop succeeding")
                    .baseUnit("seconds").tags("operator", s.operator(), "stream", s.stream()).register(registry);
        }
        for (String stage : STAGES) {
            Gauge.builder(SyncMetrics.PREFIX + ".dead.letters.open", this, f -> f.openDeadLetters(stage))
                    .description("Rows of dead_letters still open, waiting for a person to replay or discard them")
                    .tags("stage", stage).register(registry);
        }
    }

    /** Now minus the stream's watermark, in seconds; NaN (no sample) before its first watermark. */
    double lagSeconds(String streamId) {
        StreamState state = current().states().get(streamId);
        if (state == null || state.watermark() == null) {
            return Double.NaN;
        }
        return Math.max(0, Duration.between(state.watermark(), clock.instant()).toMillis() / 1000.0);
    }

    double openDeadLetters(String stage) {
        return current().openDeadLetters().getOrDefault(stage, 0L);
    }

    public Map<String, StreamState> states() {
        return current().states();
    }

    public Optional<LastRun> lastRun() {
        return current().lastRun();
    }

    /** Reads everything again now (after a run ends, so the next scrape shows it). */
    public void refresh() {
        try {
            snapshot = read();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot read sync state for health and metrics: {}", e.getMessage());
        }
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s == null || Duration.between(s.readAt(), clock.instant()).compareTo(MAX_STALENESS) > 0) {
            synchronized (this) {
                s = snapshot;
                if (s == null || Duration.between(s.readAt(), clock.instant()).compareTo(MAX_STALENESS) > 0) {
                    refresh();
                    s = snapshot;
                }
            }
        }
        return s != null ? s : new Snapshot(clock.instant(), Map.of(), Map.of(), Optional.empty());
    }

    private Snapshot read() throws SQLException {
        Instant now = clock.instant();
        Map<String, StreamState> states = new HashMap<>();
        for (StreamState state : warehouse.stateStore().all()) {
            states.put(state.streamId(), state);
        }
        Map<String, Long> open = new HashMap<>();
        Optional<LastRun> lastRun = Optional.empty();
        try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(openDeadLettersSql)) {
                while (rs.next()) {
                    open.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = statement.executeQuery(latestFinishedSyncSql)) {
                if (rs.next()) {
                    lastRun = Optional.of(new LastRun(rs.getLong("run_id"), rs.getString("status"),
                            instant(rs, "finished_at"), rs.getString("error")));
                }
            }
        }
        return new Snapshot(now, Map.copyOf(states), Map.copyOf(open), lastRun);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
