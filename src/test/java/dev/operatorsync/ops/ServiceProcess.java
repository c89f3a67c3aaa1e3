package dev.operatorsync.ops;

import dev.operatorsync.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the service tests need beside a child process ({@link dev.operatorsync.testing.CliProcess}): the
 * variables that point it at PostgreSQL, a free port, and GETs on its management port.
 */
final class ServiceProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess() {
    }

    /** The variables that point a child at a PostgreSQL schema of the test server. */
    static Map<String, String> postgres(String schema) {
        TestDatabases.Server server = TestDatabases.postgres();
        Map<String, String> env = new HashMap<>();
        env.put("WAREHOUSE_JDBC_URL", server.jdbcUrl());
        if (server.username() != null) {
            env.put("WAREHOUSE_USERNAME", server.username());
        }
        if (server.password() != null) {
            env.put("WAREHOUSE_PASSWORD", server.password());
        }
        env.put("WAREHOUSE_SCHEMA", schema);
        return env;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET on localhost; status -1 while nothing listens yet. */
    static Response get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    record Response(int status, String body) {
    }
}
