package dev.operatorsync.ops;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.ConfigSource;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The keys of running as a service: the management port and path (health, metrics), how old a stream's
 * last successful sync may be before readiness fails. The log format is checked here too, though
 * {@link LoggingSetup} is what applies it.
 *
 * @param managementPath base path: health at {@code <path>/health}, metrics at {@code <path>/metrics}
 */
public record ServiceSettings(int managementPort, String managementPath, Duration maxSyncAge) {
    public static ServiceSettings from(ConfigSource source) {
        String portText = source.get("management.port").orElse("9876");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new ConfigException("management.port", "must be a port number 1..65535, got '" + portText + "'");
        }
        String path = source.get("management.path").orElse("/observe");
        if (!path.matches("(/[A-Za-z0-9._-]+)+")) {
            throw new ConfigException("management.path", "must be a path like /observe (no trailing slash), got '" + path + "'");
        }
        String ageText = source.get("health.max-sync-age").orElse("PT30M");
        Duration age;
        try {
            age = Duration.parse(ageText);
        } catch (DateTimeParseException e) {
            age = Duration.ZERO;
        }
        if (age.isNegative() || age.isZero()) {
            throw new ConfigException("health.max-sync-age", "must be a positive ISO-8601 duration (e.g. PT30M), got '" + ageText + "'");
        }
        LogFormat.parse(source.get("logging.format").orElse("plain")); // rejects a bad format with its key, as before
        return new ServiceSettings(port, path, age);
    }

    public String healthPath() {
        return managementPath + "/health";
    }

    public String metricsPath() {
        return managementPath + "/metrics";
    }

    /** How log lines are written: {@code plain} text for people, {@code json} lines for log shippers. */
    public enum LogFormat {
        PLAIN, JSON;

        public static LogFormat parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("logging.format", "must be plain or json, got '" + value + "'");
            }
        }

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
