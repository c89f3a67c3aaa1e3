package dev.operatorsync.admin;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the admin HTTP API of {@code run} listens and the token it requires. Bound to the loopback address
 * by default; bound anywhere else it requires {@code Authorization: Bearer <admin.token>} and refuses to start
 * without a token. The token is a secret: from ADMIN_TOKEN or ADMIN_TOKEN_FILE only.
 */
public record AdminSettings(String host, int port, Secret token) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public static AdminSettings from(ConfigSource source) {
        String host = source.get("admin.http.host").orElse(DEFAULT_HOST);
        String portText = source.get("admin.http.port").orElse(Integer.toString(DEFAULT_PORT));
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new ConfigException("admin.http.port", "must be a TCP port from 1 to 65535, got '" + portText + "'");
        }
        AdminSettings settings = new AdminSettings(host, port, Secret.of(source.get("admin.token").orElse("")));
        if (!settings.loopback() && settings.token().isEmpty()) {
            throw new ConfigException("admin.token", "is required because admin.http.host (" + host + ") is not a loopback address: set "
                    + ConfigSource.environmentVariable("admin.token") + " or " + ConfigSource.environmentVariable("admin.token")
                    + "_FILE, or bind admin.http.host to 127.0.0.1");
        }
        return settings;
    }

    /** Only the machine itself can reach the API. A name is resolved; a name that does not resolve is not loopback. */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A token is required whenever one is configured, and always off the loopback address. */
    public boolean tokenRequired() {
        return !token.isEmpty() || !loopback();
    }
}
