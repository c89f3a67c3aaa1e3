package dev.operatorsync.cli;

import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.config.BackfillSettings;
import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Ranges;
import dev.operatorsync.config.RetrySettings;
import dev.operatorsync.config.Settings;
import dev.operatorsync.config.WarehouseRetrySettings;
import dev.operatorsync.ops.ServiceSettings;
import dev.operatorsync.sync.ReconcileSettings;
import dev.operatorsync.warehouse.MissingPrivilegeException;
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
        WarehouseRetrySettings.from(source.nonSecretValues());
        ReconcileSettings.from(source.nonSecretValues());
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

    /**
     * Connects to the warehouse and brings its tables up to date. A login the warehouse refuses, a database it does not
     * have, or a role without the privileges the schema needs is a configuration error (exit 2); a warehouse that is
     * down or a DuckDB file another process holds is a failure of the moment (exit 1).
     */
    static Warehouse openWarehouse(Settings settings) {
        Warehouse warehouse;
        try {
            warehouse = Warehouse.open(settings.jdbcUrl(), settings.warehouseUsername(), settings.warehousePassword().reveal(),
                    settings.schema(), settings.instanceId(), settings.checkinInterval());
        } catch (SQLException e) {
            throw cannotConnect(e);
        }
        try {
            warehouse.migrate();
        } catch (MissingPrivilegeException e) {
            warehouse.close();
            throw new ConfigException("warehouse.username", e.getMessage());
        } catch (SQLException e) {
            warehouse.close();
            throw new IllegalStateException("cannot create or migrate the tables in schema " + settings.schema() + ": " + e.getMessage(), e);
        }
        return warehouse;
    }

    /** What a failed connection means for the exit code: see {@link #openWarehouse}. */
    static RuntimeException cannotConnect(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) { // invalid authorization
            return new ConfigException("warehouse.username", "the warehouse refused the login: " + e.getMessage());
        }
        if (state.equals("3D000")) { // invalid catalog name: no such database
            return new ConfigException("warehouse.jdbc-url", e.getMessage());
        }
        return new IllegalStateException("cannot connect to the warehouse: " + e.getMessage(), e);
    }
}
