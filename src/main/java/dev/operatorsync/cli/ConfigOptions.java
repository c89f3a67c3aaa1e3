package dev.operatorsync.cli;

import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.config.BackfillSettings;
import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Ranges;
import dev.operatorsync.config.RetrySettings;
import dev.operatorsync.config.Settings;
import dev.operatorsync.ops.ServiceSettings;
import dev.operatorsync.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** The options every command that reads configuration shares, and the steps they all take first. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path configFile = Path.of("config", "application.properties");

    @Option(names = "--routes", paramLabel = "DIR", description = "Folder of the Camel YAML routes (default: ${DEFAULT-VALUE}).")
    Path routesDir = Path.of("routes");

    private ConfigSource source;

    ConfigSource source() {
        if (source == null) {
            source = ConfigSource.load(configFile);
        }
        return source;
    }

    Settings settings() {
        return validated(source());
    }

    /**
     * Checks every key any command reads, not only the ones this command needs, so that {@code check} and every
     * command refuse a value that would otherwise fail only later, in {@code run}. A new group of keys adds its line here.
     */
    static Settings validated(ConfigSource source) {
        Settings settings = Settings.from(source);
        RetrySettings.from(source);
        BackfillSettings.from(source);
        ServiceSettings.from(source);
        AdminSettings.from(source);
        shutdownTimeout(source);
        return settings;
    }

    void requireRoutes() {
        if (!java.nio.file.Files.isDirectory(routesDir)) {
            throw new ConfigException("--routes", "no routes folder at " + routesDir.toAbsolutePath()
                    + "; run from the folder that holds config/ and routes/, or pass --routes DIR");
        }
    }

    /** The grace period a stopping service gives the page in flight: Camel's own shutdown timeout (seconds, default 45). */
    static java.time.Duration shutdownTimeout(ConfigSource source) {
        return java.time.Duration.ofSeconds(Ranges.wholeNumber(source, "camel.main.shutdown-timeout", 45, 1, 3600));
    }

    /** Connects to the warehouse and brings its tables up to date; an unreachable warehouse is a configuration error. */
    static Warehouse openWarehouse(Settings settings) {
        Warehouse warehouse;
        try {
            warehouse = Warehouse.open(settings.jdbcUrl(), settings.warehouseUsername(), settings.warehousePassword().reveal(), settings.schema());
        } catch (SQLException e) {
            throw new ConfigException("warehouse.jdbc-url", "cannot connect to the warehouse: " + e.getMessage());
        }
        try {
            warehouse.migrate();
        } catch (SQLException e) {
            warehouse.close();
            throw new IllegalStateException("cannot create or migrate the tables in schema " + settings.schema() + ": " + e.getMessage(), e);
        }
        return warehouse;
    }
}
