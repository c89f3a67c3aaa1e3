package dev.operatorsync.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The test PostgreSQL reached through a {@link FaultyTcpProxy}: the proxy, and the JDBC URL that goes through it. */
public final class PostgresBehindProxy implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^:/?,]+)(?::(\\d+))?(/.*)?");

    private final FaultyTcpProxy proxy;
    private final String jdbcUrl;

    private PostgresBehindProxy(FaultyTcpProxy proxy, String jdbcUrl) {
        this.proxy = proxy;
        this.jdbcUrl = jdbcUrl;
    }

    /** A proxy in front of the server of {@code directJdbcUrl} (one host; its port or 5432). */
    public static PostgresBehindProxy inFrontOf(String directJdbcUrl) {
        Matcher m = URL.matcher(directJdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a one-host PostgreSQL JDBC URL: " + directJdbcUrl);
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        FaultyTcpProxy proxy = FaultyTcpProxy.start(host, port);
        String rest = m.group(3) == null ? "/" : m.group(3);
        return new PostgresBehindProxy(proxy, "jdbc:postgresql://127.0.0.1:" + proxy.port() + rest);
    }

    public FaultyTcpProxy proxy() {
        return proxy;
    }

    /** The direct URL with the proxy's address in place of the server's. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void close() {
        proxy.close();
    }
}
