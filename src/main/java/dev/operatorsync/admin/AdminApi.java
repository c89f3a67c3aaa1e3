package dev.operatorsync.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operatorsync.config.Settings;
import dev.operatorsync.sync.BackfillConflictException;
import dev.operatorsync.sync.BackfillJob;
import dev.operatorsync.sync.BackfillRequest;
import dev.operatorsync.sync.Backfills;
import dev.operatorsync.sync.BadRequestException;
import dev.operatorsync.warehouse.BackfillRecord;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The admin API's handlers (routes/admin.camel.yaml): {@code POST /api/backfills} prepares a backfill and
 * hands it to the backfill queue (202 with its id), {@code GET /api/backfills[/{id}]} shows progress.
 */
public final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECENT = 20;
    private static final List<String> FIELDS = List.of("from", "to", "operator", "window");

    private final Settings settings;
    private final Warehouse warehouse;
    private final Backfills backfills;

    public AdminApi(Settings settings, Warehouse warehouse, Backfills backfills) {
        this.settings = settings;
        this.warehouse = warehouse;
        this.backfills = backfills;
    }

    /** Validates and prepares; the body becomes the job for the queue, or the route stops with 400/409. */
    public void submit(Exchange exchange) throws SQLException {
        Message message = exchange.getMessage();
        String type = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            // a form (curl -d without -H) reaches us as parsed fields, not as the JSON that was sent
            respond(exchange, 415, error("send the body as JSON with Content-Type: application/json (curl -H 'Content-Type: application/json' -d ...), got " + type));
            exchange.setRouteStop(true);
            return;
        }
        try {
            JsonNode body = parse(message.getBody(String.class));
            refuseUnknownFields(body);
            BackfillRequest request = BackfillRequest.parse(text(body, "from"), text(body, "to"), text(body, "operator"),
                    text(body, "window"), settings);
            BackfillJob job = backfills.prepare(request, null, "api");
            exchange.setProperty("backfillAccepted", job);
            message.setBody(job);
        } catch (BadRequestException e) {
            respond(exchange, 400, error(e.getMessage()));
            exchange.setRouteStop(true);
        } catch (BackfillConflictException e) {
            ObjectNode conflict = JSON.createObjectNode().put("error", e.getMessage()).put("running", e.runningId());
            respond(exchange, 409, conflict.toString());
            exchange.setRouteStop(true);
        }
    }

    /** After the hand-off: 202 with the new backfill's id and where to follow it. */
    public void accepted(Exchange exchange) throws SQLException {
        BackfillJob job = exchange.getProperty("backfillAccepted", BackfillJob.class);
        exchange.getMessage().setHeader("Location", "/api/backfills/" + job.backfillId());
        ObjectNode body = describe(warehouse.backfillStore().find(job.backfillId()).orElseThrow());
        respond(exchange, 202, body.toString());
    }

    public void list(Exchange exchange) throws SQLException {
        var array = JSON.createArrayNode();
        for (BackfillRecord record : warehouse.backfillStore().recent(RECENT)) {
            array.add(describe(record));
        }
        respond(exchange, 200, array.toString());
    }

    public void show(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        long backfillId;
        try {
            backfillId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            respond(exchange, 400, error("the backfill id is a number, got '" + id + "'"));
            return;
        }
        Optional<BackfillRecord> record = warehouse.backfillStore().find(backfillId);
        if (record.isEmpty()) {
            respond(exchange, 404, error("no backfill " + backfillId));
            return;
        }
        respond(exchange, 200, describe(record.get()).toString());
    }

    private ObjectNode describe(BackfillRecord r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", r.backfillId());
        node.put("from", r.from().toString());
        node.put("to", r.to().toString());
        node.put("operator", r.operatorId());
        node.put("window", Duration.ofSeconds(r.windowSeconds()).toString());
        node.put("status", r.status());
        node.put("requested_by", r.requestedBy());
        node.put("run_id", r.runId());
        node.put("windows", r.windows());
        node.put("windows_done", r.windowsDone());
        node.put("records", r.fetched());
        Optional<BackfillJob> live = backfills.live(r.backfillId()).filter(j -> j.run().runId() == (r.runId() == null ? -1 : r.runId()));
        if (live.isPresent()) {
            BackfillJob.Progress p = live.get().progress();
            node.put("records_per_second", Math.round(p.recordsPerSecond()));
            if (p.eta() != null && "running".equals(r.status())) {
                node.put("eta_seconds", p.eta().getSeconds());
            }
        } else if (r.runStartedAt() != null) {
            Instant end = r.finishedAt() != null ? r.finishedAt() : Instant.now();
            double seconds = Math.max(1, Duration.between(r.runStartedAt(), end).getSeconds());
            node.put("records_per_second", Math.round(r.runFetched() / seconds));
        }
        node.put("created_at", r.createdAt().toString());
        node.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
        node.put("error", r.error());
        return node;
    }

    static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    static void respond(Exchange exchange, int status, String json) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("expected a JSON object {\"from\", \"to\", \"operator\"?, \"window\"?}, got an empty body");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequestException("expected a JSON object {\"from\", \"to\", \"operator\"?, \"window\"?}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not JSON: " + e.getOriginalMessage()
                    + "; expected {\"from\": \"2024-01-01\", \"to\": \"2024-02-01\", \"operator\"?: \"op_1\", \"window\"?: \"P1D\"}");
        }
    }

    /** A misspelt field ({@code "operater"}) would otherwise be a backfill of every operator. */
    private static void refuseUnknownFields(JsonNode body) {
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new BadRequestException("unknown field '" + field + "'; the fields are " + String.join(", ", FIELDS));
            }
        });
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(field + " must be a string");
        }
        return value.asText();
    }
}
