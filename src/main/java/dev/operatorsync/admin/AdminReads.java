package dev.operatorsync.admin;

import dev.operatorsync.api.QueryParameters;
import dev.operatorsync.warehouse.DeadLetterFilter;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/state} and {@code GET /api/dead-letters} (routes/admin.camel.yaml): what {@code state show} and
 * {@code dead-letters list} print, for the CLI to read while this process holds a DuckDB file no other may open.
 */
public final class AdminReads {
    private final Warehouse warehouse;

    public AdminReads(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public void state(Exchange exchange) throws SQLException {
        AdminApi.respond(exchange, 200, WarehouseViews.state(warehouse, Instant.now().truncatedTo(ChronoUnit.SECONDS)).toString());
    }

    /** Query parameters as the command's options: {@code status} (default open; {@code all}), {@code stage}, {@code operator}, {@code since}, {@code until}. */
    public void deadLetters(Exchange exchange) throws SQLException {
        Map<String, String> query = QueryParameters.parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        String status = query.getOrDefault("status", "open");
        DeadLetterFilter filter;
        try {
            filter = new DeadLetterFilter("all".equals(status) ? null : status, query.get("stage"), query.get("operator"),
                    instant(query.get("since")), instant(query.get("until")));
        } catch (DateTimeParseException e) {
            AdminApi.respond(exchange, 400, AdminApi.error("since and until are ISO-8601 instants (2024-01-31T12:00:00Z): " + e.getParsedString()));
            return;
        }
        AdminApi.respond(exchange, 200, WarehouseViews.deadLetters(warehouse, filter).toString());
    }

    private static Instant instant(String value) {
        return value == null || value.isBlank() ? null : Instant.parse(value);
    }

}
