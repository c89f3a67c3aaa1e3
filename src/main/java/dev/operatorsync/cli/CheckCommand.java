package dev.operatorsync.cli;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.Settings;
import dev.operatorsync.sync.FailureText;
import dev.operatorsync.warehouse.Warehouse;
import dev.operatorsync.webhook.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate the configuration, call the API once and connect to the warehouse; print what works and what does not.",
                "Exit status: 0 all good, 1 the API or the warehouse cannot be reached, 2 something is misconfigured (the message names the key)."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    private final List<String> problems = new ArrayList<>();
    /** The API or the warehouse cannot be reached now: nothing in the configuration is known to be wrong. */
    private final List<String> outages = new ArrayList<>();

    @Override
    public Integer call() {
        Settings settings;
        try {
            settings = config.settings().requireApiKey();
            config.requireRoutes();
        } catch (ConfigException e) {
            fail(e.getMessage());
            return OperatorSync.BAD_CONFIGURATION;
        }
        ok("configuration " + config.configFile + ": API version " + settings.apiVersion() + ", "
                + (settings.apiVersion().perOperator() ? settings.operatorIds().size() + " operator(s)" : "account-wide")
                + ", schedule '" + settings.schedule() + "' UTC");
        checkApi(settings);
        checkWarehouse(settings);
        checkWebhooks();
        if (!problems.isEmpty()) {
            return OperatorSync.BAD_CONFIGURATION;
        }
        return outages.isEmpty() ? OperatorSync.OK : OperatorSync.FAILED;
    }

    private void checkApi(Settings settings) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String query = (settings.apiVersion().perOperator() ? "operator_id=" + settings.operatorIds().get(0) + "&" : "")
                + "created_at_gte=" + now.minus(Duration.ofMinutes(1)) + "&created_at_lt=" + now;
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiBaseUrl() + "/conversations?" + query))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + settings.apiKey().reveal())
                .header("Operator-Version", settings.apiVersion().header())
                .header("User-Agent", settings.userAgent())
                .GET().build();
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            switch (status) {
                case 200 -> ok("API " + settings.apiBaseUrl() + " answered a listing (Operator-Version " + settings.apiVersion() + ")");
                case 401 -> fail(ConfigException.describe("operator.api.key", "the API key was rejected (401)"));
                case 403 -> fail(ConfigException.describe("operator.api.key", "the API key lacks permission to list conversations (403)"));
                case 404 -> fail(ConfigException.describe(settings.apiVersion().perOperator() ? "operator.api.operator-ids" : "operator.api.base-url",
                        "the API answered 404: " + abbreviate(response.body())));
                default -> fail(ConfigException.describe(status == 400 ? "operator.api.version" : "operator.api.base-url",
                        "the API answered " + status + ": " + abbreviate(response.body())));
            }
        } catch (IOException e) {
            unreachable(ConfigException.describe("operator.api.base-url", "cannot reach " + settings.apiBaseUrl() + ": " + FailureText.ofIo(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unreachable("API check interrupted");
        }
    }

    private void checkWarehouse(Settings settings) {
        try (Warehouse warehouse = Warehouse.open(settings.jdbcUrl(), settings.warehouseUsername(),
                settings.warehousePassword().reveal(), settings.schema())) {
            ok("warehouse " + warehouse.dialect().name().toLowerCase() + " answers; tables go in schema " + settings.schema());
        } catch (SQLException e) {
            RuntimeException meaning = ConfigOptions.cannotConnect(e);
            if (meaning instanceof ConfigException) {
                fail(meaning.getMessage());
            } else {
                unreachable(ConfigException.describe("warehouse.jdbc-url", meaning.getMessage()));
            }
        }
    }

    /** Whether `run` will serve the webhook receiver, and the URL to register with Operator. */
    private void checkWebhooks() {
        try {
            WebhookSettings.from(config.source()).ifPresentOrElse(
                    w -> ok("webhook receiver on " + w.host() + ":" + w.port() + "; register " + w.publicUrl()
                            + " with Operator (it must reach that URL; polling still runs on sync.schedule)"),
                    () -> ok("webhook receiver off (set webhook.port and OPERATOR_WEBHOOK_SECRET for changes within seconds;"
                            + " polling alone keeps the table complete)"));
        } catch (ConfigException e) {
            fail(e.getMessage());
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static void ok(String line) {
        System.out.println("ok    " + line);
    }

    private void fail(String line) {
        problems.add(line);
        System.out.println("FAIL  " + line);
    }

    private void unreachable(String line) {
        outages.add(line);
        System.out.println("FAIL  " + line);
    }
}
