package dev.operatorsync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where configuration values come from, strongest first: {@code -Dkey=value}, the key's environment
 * variable, the properties file. Secrets are refused in the file; they come from the environment, from
 * a file named by {@code <VARIABLE>_FILE}, or from a system property.
 */
public final class ConfigSource {
    static final Set<String> SECRET_KEYS = Set.of("operator.api.key", "warehouse.password", "admin.token",
            "operator.webhook.secret");
    /** Not a secret itself, but it may carry one: {@code ?password=}. */
    private static final String JDBC_URL = "warehouse.jdbc-url";
    /** Contract names that do not follow the upper-case-with-underscores rule. */
    private static final Map<String, String> VARIABLE_ALIASES = Map.of("operator.api.operator-ids", "OPERATOR_IDS",
            "cluster.instance-id", "OPERATOR_SYNC_INSTANCE_ID");

    private final Map<String, String> file;
    private final Map<String, String> environment;
    private final Map<String, String> system;

    ConfigSource(Map<String, String> file, Map<String, String> environment, Map<String, String> system) {
        this.file = file;
        this.environment = environment;
        this.system = system;
    }

    /** Reads {@code file} (which must exist) and takes the process environment and system properties. */
    public static ConfigSource load(Path file) {
        return load(file, System.getenv(), systemProperties());
    }

    public static ConfigSource load(Path file, Map<String, String> environment, Map<String, String> system) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "no configuration file at " + file.toAbsolutePath());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).trim()));
        for (String secret : SECRET_KEYS) {
            if (!values.getOrDefault(secret, "").isEmpty()) {
                throw new ConfigException(secret, "is a secret and may not be set in " + file
                        + "; set " + environmentVariable(secret) + " or " + environmentVariable(secret) + "_FILE instead");
            }
        }
        values.keySet().forEach(key -> KnownKeys.requireKnown(key, "in " + file));
        system.keySet().forEach(key -> KnownKeys.requireKnown(key, "as a -D system property"));
        if (Redactor.urlPassword(values.get(JDBC_URL)).isPresent()) {
            throw new ConfigException(JDBC_URL, "holds a password, a secret that may not be set in " + file + "; take it out of the URL "
                    + "and set " + environmentVariable("warehouse.password") + " or " + environmentVariable("warehouse.password")
                    + "_FILE instead");
        }
        return new ConfigSource(values, environment, system);
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> values = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> values.put(k, System.getProperty(k)));
        return values;
    }

    /** The environment variable that overrides {@code key}: upper case, dots and dashes as underscores. */
    public static String environmentVariable(String key) {
        String alias = VARIABLE_ALIASES.get(key);
        if (alias != null) {
            return alias;
        }
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The value of {@code key} from the strongest source that sets it to something non-blank. */
    public Optional<String> get(String key) {
        String fromSystem = system.get(key);
        if (fromSystem != null && !fromSystem.isBlank()) {
            return remembered(key, fromSystem.trim());
        }
        String variable = environmentVariable(key);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return remembered(key, fromEnvironment.trim());
        }
        if (SECRET_KEYS.contains(key)) {
            return secretFromFile(key, environment.get(variable + "_FILE")).flatMap(v -> remembered(key, v));
        }
        String fromFile = file.get(key);
        return fromFile == null || fromFile.isBlank() ? Optional.empty() : Optional.of(fromFile);
    }

    /** Every secret value read is registered with the redactor before anyone can print it, a password in a JDBC URL too. */
    private static Optional<String> remembered(String key, String value) {
        if (SECRET_KEYS.contains(key)) {
            Redactor.register(value);
        } else if (JDBC_URL.equals(key)) {
            Redactor.registerUrlPassword(value);
        }
        return Optional.of(value);
    }

    private static Optional<String> secretFromFile(String key, String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(path), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read the file named by " + environmentVariable(key) + "_FILE: " + path);
        }
    }

    /** Every key the file sets, with overrides applied; secrets left out. For handing settings on to Camel. */
    public Map<String, String> nonSecretValues() {
        Map<String, String> values = new TreeMap<>();
        for (String key : file.keySet()) {
            if (!SECRET_KEYS.contains(key)) {
                get(key).ifPresent(v -> values.put(key, v));
            }
        }
        return values;
    }
}
