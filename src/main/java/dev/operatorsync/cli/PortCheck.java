package dev.operatorsync.cli;

import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.ops.ServiceSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Refuses to start a service whose port another process holds. Camel's servers only log a failed bind and the
 * service would go on syncing without health, metrics or admin API, so the port is tried before they start.
 */
final class PortCheck {
    private PortCheck() {
    }

    /** The management server's address: Camel's own key, every interface unless set. */
    static String managementHost(ConfigSource source) {
        return source.get("camel.management.host").orElse("0.0.0.0");
    }

    /** The ports {@code run} and {@code demo} serve: management (health, metrics) and the admin API. */
    static void requireServicePorts(ConfigSource source, ServiceSettings service, AdminSettings admin) {
        requireFree("management.port", managementHost(source), service.managementPort());
        requireFree("admin.http.port", admin.host(), admin.port());
    }

    /** @param host the address the server binds; {@code 0.0.0.0} for every interface */
    static void requireFree(String key, String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException(key, "port " + port + " on " + host + " is already in use (" + e.getMessage()
                    + "); stop what listens there or choose another port");
        }
    }
}
