package dev.operatorsync.ops;

import dev.operatorsync.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks the log format before the first logger exists: {@code logging.format} (LOGGING_FORMAT, or
 * -Dlogging.format) from the configuration file the command line names, {@code plain} by default.
 * {@link DefaultLogging} (or a logback XML file) hands it to {@link LogLineEncoder}.
 */
public final class LoggingSetup {
    /** The system property {@link DefaultLogging} and a logback XML file read: the format of {@link LogLineEncoder}. */
    public static final String FORMAT_PROPERTY = "operator-sync.log-format";

    private LoggingSetup() {
    }

    /** @throws dev.operatorsync.config.ConfigException when logging.format is neither plain nor json */
    public static void selectFormat(String[] args) {
        Path file = configFile(args);
        String value;
        if (Files.isRegularFile(file)) {
            try {
                value = ConfigSource.load(file).get("logging.format").orElse("plain");
            } catch (RuntimeException e) {
                // the command reports a broken configuration file itself, with the key that is wrong
                value = fromEnvironment();
            }
        } else {
            value = fromEnvironment();
        }
        System.setProperty(FORMAT_PROPERTY, ServiceSettings.LogFormat.parse(value).value());
    }

    private static String fromEnvironment() {
        String value = System.getProperty("logging.format");
        if (value == null || value.isBlank()) {
            value = System.getenv("LOGGING_FORMAT");
        }
        return value == null || value.isBlank() ? "plain" : value;
    }

    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return Path.of("config", "application.properties");
    }
}
