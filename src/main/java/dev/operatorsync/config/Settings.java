package dev.operatorsync.config;

import dev.operatorsync.api.ApiVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.quartz.CronExpression;

/**
 * The validated, typed configuration of one operator-sync process. Building it checks every key; the
 * first problem is thrown as a {@link ConfigException} naming the key.
 */
public record Settings(
        URI apiBaseUrl,
        Secret apiKey,
        ApiVersion apiVersion,
        List<String> operatorIds,
        String userAgent,
        String jdbcUrl,
        String warehouseUsername,
        Secret warehousePassword,
        String schema,
        String schedule,
        Optional<Instant> syncStart,
        Duration lookback,
        Duration settleDelay,
        Duration postprocessWindow,
        Duration openMaxAge,
        Duration rateLimitMaxWait,
        int syncParallel,
        String instanceId,
        Duration checkinInterval) {

    private static final int MAX_INSTANCE_ID = 80;

    /** The version in pom.xml: {@code --version} prints it, the default User-Agent carries it. */
    public static final String VERSION = BuildVersion.read();

    public static Settings from(ConfigSource source) {
        ApiVersion version = parse(source, "operator.api.version", "2024-11-11", v -> ApiVersion.fromHeader(v).orElseThrow(
                () -> new IllegalArgumentException("is not a supported version; use one of " + Arrays.toString(ApiVersion.values()))));
        List<String> operatorIds = source.get("operator.api.operator-ids").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (version.perOperator() && operatorIds.isEmpty()) {
            throw new ConfigException("operator.api.operator-ids", "is required with operator.api.version " + version
                    + " (comma-separated operator ids, e.g. op_1,op_2)");
        }
        String schema = source.get("warehouse.schema").orElse("operator_sync");
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException("warehouse.schema", "must be a plain identifier (letters, digits, underscore), got '" + schema + "'");
        }
        String schedule = source.get("sync.schedule").orElse("0 */5 * * * ?");
        if (!CronExpression.isValidExpression(schedule)) {
            throw new ConfigException("sync.schedule", "is not a valid Quartz cron expression: '" + schedule
                    + "' (six or seven fields: seconds minutes hours day-of-month month day-of-week [year], e.g. 0 */5 * * * ?)");
        }
        String jdbcUrl = source.get("warehouse.jdbc-url").orElse("jdbc:duckdb:data/warehouse.duckdb");
        if (!jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:duckdb:")) {
            throw new ConfigException("warehouse.jdbc-url", "must start with jdbc:postgresql: or jdbc:duckdb:");
        }
        return new Settings(
                parse(source, "operator.api.base-url", "https://api.operator.xyz", Settings::httpUrl),
                Secret.of(source.get("operator.api.key").orElse("")),
                version,
                version.perOperator() ? operatorIds : List.of(),
                source.get("operator.api.user-agent").orElse("operator-sync/" + VERSION),
                jdbcUrl,
                source.get("warehouse.username").orElse(""),
                Secret.of(source.get("warehouse.password").orElse("")),
                schema,
                schedule,
                source.get("sync.start").map(v -> parse("sync.start", v, Settings::instant)),
                parse(source, "sync.lookback", "PT10M", Settings::duration),
                parse(source, "sync.settle-delay", "PT1M", Settings::duration),
                parse(source, "sync.postprocess-window", "PT2H", Settings::duration),
                parse(source, "sync.open-max-age", "P2D", Settings::duration),
                parse(source, "sync.retry.rate-limit-max-wait", "PT1M", Settings::duration),
                parallelism("sync.parallel", source.get("sync.parallel").orElse(null), 2),
                instanceId(source.get("cluster.instance-id").orElseGet(Settings::defaultInstanceId)),
                checkinInterval(source));
    }

    /**
     * Names this process in the cluster (Quartz's instance id, logs, metrics). Quartz keys each fire by the id plus a
     * 13-digit counter in a 95-character column, hence the limit.
     */
    private static String instanceId(String id) {
        if (id.length() > MAX_INSTANCE_ID || !id.matches("[\\p{Graph}]+")) {
            throw new ConfigException("cluster.instance-id", "must be 1 to " + MAX_INSTANCE_ID
                    + " printable characters without spaces, got '" + id + "'");
        }
        return id;
    }

    /** Host name and process id: unique per process, and it tells the on-call engineer where to look. */
    static String defaultInstanceId() {
        String pid = "-" + ProcessHandle.current().pid();
        String host = HostName.get();
        return host.substring(0, Math.min(host.length(), MAX_INSTANCE_ID - pid.length())) + pid;
    }

    private static Duration checkinInterval(ConfigSource source) {
        Duration interval = parse(source, "cluster.checkin-interval", "PT7.5S", Settings::duration);
        if (interval.toMillis() < 1000) {
            throw new ConfigException("cluster.checkin-interval", "must be at least PT1S, got " + interval);
        }
        return interval;
    }

    /** A count of streams to load at once: {@code configured}, or {@code fallback} when blank; 1 to 64. */
    public static int parallelism(String key, String configured, int fallback) {
        if (configured == null || configured.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(configured.trim());
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key, "must be a whole number from 1 to 64, got '" + configured + "'");
    }

    /** Fails unless an API key is configured; every command that calls the real API needs one. */
    public Settings requireApiKey() {
        if (apiKey.isEmpty()) {
            throw new ConfigException("operator.api.key", "is required: set OPERATOR_API_KEY (or OPERATOR_API_KEY_FILE naming a file that holds it)");
        }
        return this;
    }

    private static <T> T parse(ConfigSource source, String key, String fallback, Function<String, T> parser) {
        return parse(key, source.get(key).orElse(fallback), parser);
    }

    private static <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ConfigException(key, "'" + value + "' " + e.getMessage());
        }
    }

    private static Duration duration(String value) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not an ISO-8601 duration (e.g. PT10M, PT1H, P1D)");
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not an ISO-8601 UTC instant (e.g. 2024-01-01T00:00:00Z)");
        }
    }

    private static URI httpUrl(String value) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not an http(s) URL");
        }
    }
}
