package dev.operatorsync.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operatorsync.warehouse.DeadLetterFilter;
import dev.operatorsync.warehouse.ReconcileRecord;
import dev.operatorsync.warehouse.StateControl;
import dev.operatorsync.warehouse.StoredDeadLetter;
import dev.operatorsync.warehouse.StreamState;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.List;
import java.util.Map;

/**
 * What the read commands show, as JSON: the same document whether {@code state show --json} and
 * {@code dead-letters list --json} read the warehouse themselves or the admin API of the running service that
 * holds it ({@code GET /api/state}, {@code GET /api/dead-letters}).
 */
public final class WarehouseViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WarehouseViews() {
    }

    /** Every stream: watermark, lag behind {@code now}, resume point, last run, and the sync holding it. */
    /**
     * {@code streams}: every stream's state, as {@code state show --json} prints it; {@code last_reconcile}: the
     * latest reconcile run and what it found, or null.
     */
    public static ObjectNode state(Warehouse warehouse, Instant now) throws SQLException {
        warehouse.runLedger().closeAbandoned();
        List<StateControl.RunningSync> holders = warehouse.stateControl().runningSyncs();
        String heldBy = holders.isEmpty() ? null : "run " + holders.get(0).runId();
        Map<String, String> loading = warehouse.streamLeases().loadingNow();
        ObjectNode state = JSON.createObjectNode();
        ArrayNode rows = state.putArray("streams");
        for (StreamState s : warehouse.stateStore().all()) {
            ObjectNode row = rows.addObject();
            row.put("stream", s.streamId());
            row.put("operator", s.operatorId());
            row.put("watermark", s.watermark() == null ? null : s.watermark().toString());
            row.put("lag_seconds", s.watermark() == null ? null : Duration.between(s.watermark(), now).getSeconds());
            row.put("resume_window_start", s.interrupted() && s.windowStart() != null ? s.windowStart().toString() : null);
            row.put("resume_window_end", s.interrupted() ? s.windowEnd().toString() : null);
            row.put("resume_cursor", s.resumeCursor());
            row.put("last_run", s.lastRunId());
            row.put("last_status", s.lastStatus());
            row.put("last_success_at", s.lastSuccessAt() == null ? null : s.lastSuccessAt().toString());
            row.put("last_error", s.lastError());
            row.put("held_by", heldBy);
            row.put("loading_by", loading.get(s.streamId()));
        }
        Optional<ReconcileRecord> last = warehouse.reconcileStore().find(null);
        if (last.isEmpty()) {
            state.putNull("last_reconcile");
        } else {
            ReconcileRecord r = last.get();
            ObjectNode reconcile = state.putObject("last_reconcile");
            reconcile.put("run_id", r.runId());
            reconcile.put("status", r.status());
            reconcile.put("started_at", String.valueOf(r.startedAt()));
            reconcile.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().truncatedTo(ChronoUnit.SECONDS).toString());
            reconcile.put("window_start", r.windowStart() == null ? null : r.windowStart().toString());
            reconcile.put("window_end", String.valueOf(r.windowEnd()));
            reconcile.put("listed", r.listed());
            reconcile.put("missing", r.missing());
            reconcile.put("deleted", r.deleted());
            reconcile.put("restored", r.restored());
            reconcile.put("dead_lettered", r.deadLettered());
            reconcile.put("error", r.error());
        }
        return state;
    }

    public static ArrayNode deadLetters(Warehouse warehouse, DeadLetterFilter filter) throws SQLException {
        ArrayNode letters = JSON.createArrayNode();
        for (StoredDeadLetter letter : warehouse.deadLetters().list(filter)) {
            letters.add(deadLetter(letter));
        }
        return letters;
    }

    public static ObjectNode deadLetter(StoredDeadLetter l) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", l.id());
        node.put("status", l.status());
        node.put("stage", l.letter().stage());
        node.put("operator_id", l.letter().operatorId());
        node.put("conversation_id", l.letter().conversationId());
        node.put("http_status", l.letter().httpStatus());
        node.put("error_code", l.letter().errorCode());
        node.put("transient", l.letter().transientFlag());
        node.put("message", l.letter().message());
        node.put("request", l.letter().request());
        node.put("payload", l.letter().payload());
        node.put("attempts", l.attempts());
        node.put("run_id", l.runId());
        node.put("first_seen_at", String.valueOf(l.firstSeenAt()));
        node.put("last_seen_at", String.valueOf(l.lastSeenAt()));
        node.put("resolved_at", l.resolvedAt() == null ? null : l.resolvedAt().toString());
        node.put("resolution", l.resolution());
        if (l.latest() != null) {
            ObjectNode latest = node.putObject("latest");
            latest.put("http_status", l.latest().httpStatus());
            latest.put("error_code", l.latest().errorCode());
            latest.put("message", l.latest().message());
        }
        return node;
    }
}
