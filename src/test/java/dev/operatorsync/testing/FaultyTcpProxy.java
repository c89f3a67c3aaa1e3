package dev.operatorsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A TCP proxy on a free 127.0.0.1 port that forwards to one target (the test PostgreSQL) and breaks the path the
 * ways networks and databases do, at any instant a test thread chooses:
 * <ul>
 *   <li>{@link #cutAll()}: both sides of every connection closed, as a database restart, failover or pooler
 *       restart does: the client sees EOF or a reset, the server sees its session end (and rolls it back);</li>
 *   <li>{@link #cutClientSideOnly()}: the client's side closed, the server's side kept open and silent, as a NAT or
 *       firewall idle timeout does: the server session lives on (idle in transaction, holding its locks) until the
 *       server ends it itself, {@link #releaseServerSides()} or {@link #close()};</li>
 *   <li>{@link #refuse()}/{@link #refuseFor(Duration)}: new connections reset at once (the database is down);</li>
 *   <li>{@link #cutIdleLongerThan(Duration)}: both sides of the connections that carried nothing for a while.</li>
 * </ul>
 * Bytes read from a side before a cut may still be delivered, as packets already in flight are; nothing read after
 * it is. Plain blocking sockets, two daemon threads per connection.
 */
public final class FaultyTcpProxy implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final InetSocketAddress target;
    private final LongSupplier nanoTime;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final String name;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger linkNumbers = new AtomicInteger();
    /** Refusing while {@code nanoTime() - refuseUntil < 0}; {@link #refuse()} sets it far ahead. */
    private volatile long refuseUntil;
    private volatile boolean refusing;
    private volatile boolean closed;
    /** Armed by {@link #cutNextConnectionAfterReadyForQuery}: how many times; taken by the next connection accepted. */
    private final AtomicInteger cutNextAfterReady = new AtomicInteger();

    private FaultyTcpProxy(InetSocketAddress target, LongSupplier nanoTime) throws IOException {
        this.target = target;
        this.nanoTime = nanoTime;
        this.listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.name = "faulty-tcp-proxy-" + INSTANCES.incrementAndGet();
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on a free 127.0.0.1 port and forwards every connection to {@code host:port}. */
    public static FaultyTcpProxy start(String host, int port) {
        return start(host, port, System::nanoTime);
    }

    /** With a clock of the test's own, for {@link #cutIdleLongerThan}. */
    static FaultyTcpProxy start(String host, int port, LongSupplier nanoTime) {
        try {
            FaultyTcpProxy proxy = new FaultyTcpProxy(new InetSocketAddress(host, port), nanoTime);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the proxy", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes both sides of every open connection; returns how many it cut. */
    public int cutAll() {
        int n = 0;
        for (Link link : links) {
            n += link.cutBoth() ? 1 : 0;
        }
        return n;
    }

    /**
     * Closes the client's side of every open connection and stops forwarding; the server's side stays open and
     * whatever the server sends is read and dropped, so its session neither ends nor blocks. Returns how many.
     */
    public int cutClientSideOnly() {
        int n = 0;
        for (Link link : links) {
            n += link.cutClientSide() ? 1 : 0;
        }
        return n;
    }

    /** Closes the server's sides {@link #cutClientSideOnly()} left open; returns how many were still open. */
    public int releaseServerSides() {
        int n = 0;
        for (Link link : links) {
            n += link.releaseServerSide() ? 1 : 0;
        }
        return n;
    }

    /** Closes both sides of each open connection that forwarded nothing for longer than {@code idle}; returns how many. */
    public int cutIdleLongerThan(Duration idle) {
        long now = nanoTime.getAsLong();
        int n = 0;
        for (Link link : links) {
            if (now - link.lastTraffic > idle.toNanos()) {
                n += link.cutBoth() ? 1 : 0;
            }
        }
        return n;
    }

    /** How many connections forwarding now carried nothing for longer than {@code idle}. */
    public int idleLongerThan(Duration idle) {
        long now = nanoTime.getAsLong();
        return (int) links.stream().filter(l -> l.state == State.FORWARDING && now - l.lastTraffic > idle.toNanos()).count();
    }

    /**
     * The next new connection is cut (both sides) right after the server has told it {@code times} times that it is
     * ready for a query (PostgreSQL's ReadyForQuery: the first ends the login, each later one a statement), as when
     * the database restarts at that instant.
     */
    public void cutNextConnectionAfterReadyForQuery(int times) {
        cutNextAfterReady.set(times);
    }

    /** From now until {@link #accept()}, each new connection is accepted and reset at once. */
    public void refuse() {
        refusing = true;
    }

    /** New connections are forwarded again. */
    public void accept() {
        refusing = false;
    }

    /** New connections are reset at once for {@code period}, then forwarded again. */
    public void refuseFor(Duration period) {
        refuseUntil = nanoTime.getAsLong() + period.toNanos();
    }

    public boolean isRefusing() {
        return refusing || nanoTime.getAsLong() - refuseUntil < 0;
    }

    /** Connections forwarded to the target since the start. */
    public long opened() {
        return opened.get();
    }

    /** Connections whose client side a cut closed, by any of the cuts. */
    public long cut() {
        return cut.get();
    }

    /** Connections reset at once because the proxy was refusing. */
    public long refused() {
        return refused.get();
    }

    /** Bytes forwarded in both directions. */
    public long bytesForwarded() {
        return bytes.get();
    }

    /** Connections forwarding now. */
    public int forwarding() {
        return (int) links.stream().filter(l -> l.state == State.FORWARDING).count();
    }

    /** The local ports of the server-facing sockets forwarding now: the {@code client_port} of those sessions. */
    public List<Integer> forwardingServerPorts() {
        return serverPorts(State.FORWARDING);
    }

    /**
     * The local ports of the server-facing sockets that {@link #cutClientSideOnly()} left open: the
     * {@code client_port} of those sessions in PostgreSQL's {@code pg_stat_activity}.
     */
    public List<Integer> halfOpenServerPorts() {
        return serverPorts(State.HALF_OPEN);
    }

    private List<Integer> serverPorts(State state) {
        List<Integer> ports = new ArrayList<>();
        for (Link link : links) {
            if (link.state == state) {
                ports.add(link.server.getLocalPort());
            }
        }
        return ports;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Link link : links) {
            link.close(true);
        }
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (isRefusing()) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(target, 10_000);
            } catch (IOException e) {
                closeQuietly(server);
                reset(client);
                continue;
            }
            Link link = new Link(client, server, linkNumbers.incrementAndGet(), cutNextAfterReady.getAndSet(0));
            links.add(link);
            opened.incrementAndGet();
            link.start();
        }
    }

    private enum State { FORWARDING, HALF_OPEN, CLOSED }

    /** One client connection and its server connection. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final int number;
        private volatile State state = State.FORWARDING;
        private volatile long lastTraffic;
        /** Cut after this many ReadyForQuery messages from the server; 0 for never. */
        private final int cutAfterReady;

        Link(Socket client, Socket server, int number, int cutAfterReady) {
            this.client = client;
            this.server = server;
            this.number = number;
            this.cutAfterReady = cutAfterReady;
            this.lastTraffic = nanoTime.getAsLong();
        }

        void start() {
            thread("up", () -> pump(client, server, false)).start();
            thread("down", () -> pump(server, client, true)).start();
        }

        private Thread thread(String direction, Runnable pump) {
            Thread t = new Thread(pump, name + "-" + number + "-" + direction);
            t.setDaemon(true);
            return t;
        }

        private void pump(Socket from, Socket to, boolean fromServer) {
            byte[] buffer = new byte[16 * 1024];
            ReadyForQuery ready = fromServer && cutAfterReady > 0 ? new ReadyForQuery() : null;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    if (state != State.FORWARDING) {
                        continue; // half open: what the server says goes nowhere
                    }
                    // Counted before the write, so a peer that has the bytes sees them counted.
                    lastTraffic = nanoTime.getAsLong();
                    bytes.addAndGet(n);
                    try {
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        if (state == State.FORWARDING) {
                            break;
                        }
                        continue; // cut while writing; keep draining a half-open server side
                    }
                    if (ready != null && ready.count(buffer, n) >= cutAfterReady) {
                        cutBoth();
                    }
                }
            } catch (IOException e) {
                // the side we read from ended: a reset, or one of our own cuts
            }
            ended(fromServer);
        }

        /** A side ended by itself: pass the end on, except that a half-open server side ends only by the server. */
        private synchronized void ended(boolean fromServer) {
            if (state == State.FORWARDING || (state == State.HALF_OPEN && fromServer)) {
                close(false);
            }
        }

        synchronized boolean cutBoth() {
            if (state != State.FORWARDING) {
                return false;
            }
            cut.incrementAndGet();
            close(true);
            return true;
        }

        synchronized boolean cutClientSide() {
            if (state != State.FORWARDING) {
                return false;
            }
            cut.incrementAndGet();
            state = State.HALF_OPEN;
            reset(client);
            return true;
        }

        synchronized boolean releaseServerSide() {
            if (state != State.HALF_OPEN) {
                return false;
            }
            close(true);
            return true;
        }

        /** {@code abrupt}: a reset, as a cut; else a graceful close that delivers what was written, as a peer's end. */
        synchronized void close(boolean abrupt) {
            state = State.CLOSED;
            links.remove(this);
            if (abrupt) {
                reset(client);
                reset(server);
            } else {
                closeQuietly(client);
                closeQuietly(server);
            }
        }
    }

    /**
     * Counts PostgreSQL's ReadyForQuery messages ('Z', length 5, a status byte) in a stream read chunk by chunk.
     * The same five bytes inside another message's data would count too; the tests cut sessions whose messages
     * before that point (login, SET, SHOW, an empty query) hold no such run of bytes.
     */
    private static final class ReadyForQuery {
        private static final byte[] MARKER = {'Z', 0, 0, 0, 5};
        private int matched;
        private int seen;

        int count(byte[] chunk, int length) {
            for (int i = 0; i < length; i++) {
                matched = chunk[i] == MARKER[matched] ? matched + 1 : (chunk[i] == MARKER[0] ? 1 : 0);
                if (matched == MARKER.length) {
                    seen++;
                    matched = 0;
                }
            }
            return seen;
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets a reset at once rather than a graceful FIN after pending data. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed or broken: either way it is gone
        }
    }
}
