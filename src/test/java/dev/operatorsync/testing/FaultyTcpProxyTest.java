package dev.operatorsync.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a tiny echo server: what each fault does to the client's side and to the server's. */
class FaultyTcpProxyTest {
    private static final int TIMEOUT_MS = 10_000;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private EchoServer echo;
    private FaultyTcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultyTcpProxy.start("127.0.0.1", echo.port(), clock::get);
    }

    @AfterEach
    void stop() {
        proxy.close();
        echo.close();
    }

    @Test
    void forwards_both_ways_and_counts() throws Exception {
        try (Socket client = connect()) {
            assertEquals("hello", roundTrip(client, "hello"));
            assertEquals(1, proxy.opened());
            assertEquals(1, proxy.forwarding());
            assertEquals(10, proxy.bytesForwarded(), "5 bytes up, 5 back");
            assertEquals(List.of(echo.connection(0).socket.getPort()), proxy.forwardingServerPorts());
            assertEquals(0, proxy.cut());
        }
    }

    @Test
    void a_client_that_leaves_ends_the_server_session_without_a_cut() throws Exception {
        try (Socket client = connect()) {
            roundTrip(client, "bye");
        }
        assertTrue(echo.connection(0).ended.await(TIMEOUT_MS, TimeUnit.MILLISECONDS), "the server saw the client leave");
        assertEquals(0, proxy.cut());
    }

    @Test
    void cut_all_ends_both_sides() throws Exception {
        try (Socket client = connect()) {
            roundTrip(client, "before");
            assertEquals(1, proxy.cutAll());

            assertEnded(client);
            assertTrue(echo.connection(0).ended.await(TIMEOUT_MS, TimeUnit.MILLISECONDS), "the server's session ended");
            assertEquals(1, proxy.cut());
            assertEquals(0, proxy.forwarding());
            assertEquals(0, proxy.cutAll(), "nothing left to cut");
        }
        try (Socket again = connect()) {
            assertEquals("after", roundTrip(again, "after"), "new connections go through after a cut");
        }
    }

    @Test
    void cut_client_side_only_keeps_the_server_side_open_and_drained_until_released() throws Exception {
        try (Socket client = connect()) {
            roundTrip(client, "in transaction");
            EchoServer.Connection session = echo.connection(0);
            assertEquals(1, proxy.cutClientSideOnly());

            assertEnded(client);
            assertEquals(List.of(session.socket.getPort()), proxy.halfOpenServerPorts(), "the server-facing socket stays open");
            // The server can still send (the proxy reads and drops it) and sees no end of its session.
            CompletableFuture<Void> big = CompletableFuture.runAsync(() -> session.write(new byte[4 * 1024 * 1024]));
            big.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertFalse(session.ended.await(300, TimeUnit.MILLISECONDS), "the server's session must live on");
            assertEquals(0, proxy.cutAll(), "a half-open connection is not cut again");
            assertEquals(0, proxy.forwarding());

            try (Socket other = connect()) {
                assertEquals("meanwhile", roundTrip(other, "meanwhile"), "new connections go through beside a half-open one");
            }
            assertEquals(1, proxy.releaseServerSides());
            assertTrue(session.ended.await(TIMEOUT_MS, TimeUnit.MILLISECONDS), "released: the server's session ends");
            assertEquals(List.of(), proxy.halfOpenServerPorts());
        }
    }

    @Test
    void a_half_open_connection_ends_when_the_server_ends_it() throws Exception {
        try (Socket client = connect()) {
            roundTrip(client, "x");
            proxy.cutClientSideOnly();
            assertEquals(1, proxy.halfOpenServerPorts().size());
            echo.connection(0).socket.close(); // the server's own timeout ends the session
            awaitTrue("the proxy drops the half-open connection", () -> proxy.halfOpenServerPorts().isEmpty());
        }
    }

    @Test
    void closing_the_proxy_ends_half_open_server_sides() throws Exception {
        try (Socket client = connect()) {
            roundTrip(client, "x");
            proxy.cutClientSideOnly();
            proxy.close();
            assertTrue(echo.connection(0).ended.await(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void refusing_resets_new_connections_until_accepting_again() throws Exception {
        try (Socket open = connect()) {
            roundTrip(open, "kept");
            proxy.refuse();
            try (Socket refused = connect()) {
                assertEnded(refused);
            }
            assertEquals(1, proxy.refused());
            assertEquals("kept", roundTrip(open, "kept"), "refusing leaves open connections alone");
            proxy.accept();
            try (Socket accepted = connect()) {
                assertEquals("back", roundTrip(accepted, "back"));
            }
            assertEquals(2, proxy.opened());
            assertEquals(2, echo.connectionCount(), "the refused connection never reached the server");
        }
    }

    @Test
    void refusing_for_a_while_ends_by_itself() throws Exception {
        proxy.refuseFor(Duration.ofSeconds(5));
        assertTrue(proxy.isRefusing());
        try (Socket refused = connect()) {
            assertEnded(refused);
        }
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        assertFalse(proxy.isRefusing());
        try (Socket accepted = connect()) {
            assertEquals("again", roundTrip(accepted, "again"));
        }
        assertEquals(1, proxy.refused());
    }

    @Test
    void cut_idle_cuts_only_the_connections_quiet_for_longer_than_asked() throws Exception {
        try (Socket quiet = connect(); Socket busy = connect()) {
            roundTrip(quiet, "a");
            roundTrip(busy, "b");
            clock.addAndGet(Duration.ofSeconds(2).toNanos());
            roundTrip(busy, "b");
            clock.addAndGet(Duration.ofSeconds(1).toNanos());

            assertEquals(1, proxy.idleLongerThan(Duration.ofSeconds(2)));
            assertEquals(2, proxy.idleLongerThan(Duration.ofMillis(500)));
            assertEquals(1, proxy.cutIdleLongerThan(Duration.ofSeconds(2)));
            assertEnded(quiet);
            assertEquals("still", roundTrip(busy, "still"));
            assertEquals(1, proxy.cut());
        }
    }

    @Test
    void cut_after_ready_for_query_cuts_the_next_connection_once_the_server_said_it() throws Exception {
        proxy.cutNextConnectionAfterReadyForQuery(1);
        try (Socket first = connect(); Socket second = connect()) {
            assertEquals("R\0\0\0\10", roundTrip(first, "R\0\0\0\10"), "before ReadyForQuery the connection forwards");
            byte[] ready = {'Z', 0, 0, 0, 5, 'I'};
            first.getOutputStream().write(ready); // the echo server sends it back, as the server ends a login
            assertArrayEquals(ready, first.getInputStream().readNBytes(ready.length), "ReadyForQuery itself reaches the client");
            assertEnded(first);
            assertTrue(echo.connection(0).ended.await(TIMEOUT_MS, TimeUnit.MILLISECONDS), "both sides are cut");
            assertEquals(1, proxy.cut());

            second.getOutputStream().write(ready);
            assertArrayEquals(ready, second.getInputStream().readNBytes(ready.length));
            assertEquals("after", roundTrip(second, "after"), "only the next connection is cut");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(sent);
        socket.getOutputStream().flush();
        byte[] received = socket.getInputStream().readNBytes(sent.length);
        assertArrayEquals(sent, received, "echoed");
        return new String(received, StandardCharsets.UTF_8);
    }

    /** The peer's side is gone: EOF or a reset, not a timeout. */
    private static void assertEnded(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            int read = in.read();
            assertEquals(-1, read, "no data after the end");
        } catch (SocketTimeoutException e) {
            fail("the connection is still open after " + TIMEOUT_MS + " ms");
        } catch (IOException e) {
            // a reset: ended
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + TIMEOUT_MS + " ms: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Echoes each connection's bytes back; remembers each connection and when its client side ended. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Connection> connections = new CopyOnWriteArrayList<>();

        EchoServer() throws IOException {
            Thread acceptor = new Thread(this::accept, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int connectionCount() {
            return connections.size();
        }

        Connection connection(int index) throws InterruptedException {
            awaitTrue("echo connection " + index, () -> connections.size() > index);
            return connections.get(index);
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Connection connection = new Connection(listener.accept());
                    connections.add(connection);
                    Thread t = new Thread(connection::echo, "echo-" + connections.size());
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
                for (Connection c : connections) {
                    c.socket.close();
                }
            } catch (IOException ignored) {
                // test teardown
            }
        }

        static final class Connection {
            final Socket socket;
            final CountDownLatch ended = new CountDownLatch(1);

            Connection(Socket socket) {
                this.socket = socket;
            }

            void echo() {
                byte[] buffer = new byte[8192];
                try {
                    InputStream in = socket.getInputStream();
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        synchronized (this) {
                            socket.getOutputStream().write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // reset: ended as well
                }
                ended.countDown();
            }

            synchronized void write(byte[] bytes) {
                try {
                    socket.getOutputStream().write(bytes);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }
}
