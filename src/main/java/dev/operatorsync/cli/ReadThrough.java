package dev.operatorsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Redactor;
import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.Warehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Where a read command ({@code state show}, {@code dead-letters list}) reads: the warehouse itself, or, while a
 * running {@code run} or {@code demo} holds the DuckDB file (one process's file), that service's admin API, which
 * serves the same JSON. When neither can be read the message says both why and what to do.
 */
final class ReadThrough {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @FunctionalInterface
    interface WarehouseRead {
        JsonNode read(Warehouse warehouse) throws SQLException;
    }

    private ReadThrough() {
    }

    /** @param apiPath the admin API's path and query that answers what {@code local} reads */
    static JsonNode read(ConfigOptions config, WarehouseRead local, String apiPath) throws Exception {
        Settings settings = config.settings();
        Warehouse warehouse;
        try {
            warehouse = ConfigOptions.openWarehouse(settings);
        } catch (RuntimeException e) {
            if (!Dialect.fromJdbcUrl(settings.jdbcUrl()).heldByAnotherProcess(messages(e))) {
                throw e;
            }
            return fromService(config.source(), apiPath, e.getMessage());
        }
        try (warehouse) {
            return local.read(warehouse);
        }
    }

    private static JsonNode fromService(ConfigSource source, String apiPath, String held) throws IOException, InterruptedException {
        AdminSettings admin = AdminSettings.from(source);
        String host = "0.0.0.0".equals(admin.host()) || "::".equals(admin.host()) ? "127.0.0.1" : admin.host();
        URI uri = URI.create("http://" + host + ":" + admin.port() + apiPath);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (!admin.token().isEmpty()) {
            request.header("Authorization", "Bearer " + admin.token().reveal());
        }
        String unreadable;
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                System.err.println("the warehouse file is held by a running service; read through its admin API at " + uri);
                return JSON.readTree(response.body());
            }
            unreadable = "its admin API at " + uri + " answered " + response.statusCode() + ": " + response.body();
        } catch (IOException e) {
            unreadable = "no admin API answered at " + uri + " (" + e + ")";
        }
        throw new IllegalStateException(Redactor.redact("another process holds the warehouse (" + held + "), and " + unreadable
                + "; while `run` or `demo` holds a DuckDB file, point admin.http.host / admin.http.port (and ADMIN_TOKEN) at its"
                + " admin API, or stop it"));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
