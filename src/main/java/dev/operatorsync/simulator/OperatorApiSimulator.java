package dev.operatorsync.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.operatorsync.api.ApiVersion;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Operator API (see operator-api.md) over generated conversations, both API versions, with a seam for fault
 * injection. What it serves is a pure function of the options and the simulated clock.
 */
public final class OperatorApiSimulator implements AutoCloseable {
    private static final int RECORDED_REQUESTS = 10_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // The JDK HttpServer leaves Nagle's algorithm on and writes a response in pieces, so every page waited for
        // the client's delayed ACK (about 40 ms). It reads this once, when the JVM's first HttpServer is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final SimulatorClock clock;
    private final Conversations conversations;
    private final ConversationRenderer renderer;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong requestCount = new AtomicLong();
    private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();
    private volatile FaultPlan faults = FaultPlan.NONE;
    private final List<WebhookSender> webhookSenders = new java.util.concurrent.CopyOnWriteArrayList<>();

    private OperatorApiSimulator(SimulatorOptions options, InetAddress host) throws IOException {
        Instant start = options.start() != null ? options.start() : Instant.now();
        clock = new SimulatorClock(start.truncatedTo(ChronoUnit.SECONDS));
        conversations = ConversationGenerator.generate(options, clock.now().getEpochSecond());
        renderer = new ConversationRenderer(conversations, options.seed(), options.conversations(), options.unknownFields());
        server = HttpServer.create(new InetSocketAddress(host, options.port()), 64);
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, task -> {
            Thread t = new Thread(task, "operator-api-simulator-" + instance + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", new ConversationsHandler(this, conversations, renderer,
                new Pager(conversations, options.pageSize()), options.apiKey()));
    }

    /** Generates the conversations and listens on 127.0.0.1. */
    public static OperatorApiSimulator start(SimulatorOptions options) throws IOException {
        return start(options, InetAddress.getLoopbackAddress());
    }

    /**
     * Generates the conversations and listens on {@code host}: 0.0.0.0 (every interface) where the client runs
     * elsewhere, as in another container.
     */
    public static OperatorApiSimulator start(SimulatorOptions options, InetAddress host) throws IOException {
        OperatorApiSimulator simulator = new OperatorApiSimulator(Objects.requireNonNull(options, "options"), host);
        simulator.server.start();
        return simulator;
    }

    /** The operator ids of a simulator with {@code n} operators: op_1 .. op_n, in that order (unmodifiable). */
    public static List<String> operatorIds(int n) {
        List<String> ids = new ArrayList<>(Math.max(n, 0));
        for (int i = 1; i <= n; i++) {
            ids.add("op_" + i);
        }
        return Collections.unmodifiableList(ids);
    }

    /** Like http://127.0.0.1:43215 (http://0.0.0.0:8089 when it listens on every interface), without a trailing slash. */
    public URI baseUrl() {
        InetSocketAddress address = server.getAddress();
        InetAddress host = address.getAddress();
        // Java may report every interface as the IPv6 "::"; it is printed the way --host takes it.
        String name = host.isAnyLocalAddress() ? "0.0.0.0" : host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        return URI.create("http://" + name + ":" + address.getPort());
    }

    public SimulatorClock clock() {
        return clock;
    }

    /** From now on "now" follows the wall clock (for the demo) instead of moving only when advanced. */
    public void useSystemClock() {
        clock.followSystemClock();
    }

    /** Every HTTP request received, including rejected and intercepted ones. */
    public long requestCount() {
        return requestCount.get();
    }

    /** The last 10,000 requests received, oldest first. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Starts posting webhooks for the conversations as they appear, end and are post-processed (see {@link WebhookSender}),
     * signed with {@code secret} for {@code url}; {@code extraPerSecond} more events a second for benchmarks (0 for none).
     * Follow the system clock first: events are posted as the simulated time passes.
     */
    public WebhookSender sendWebhooks(URI url, String secret, double extraPerSecond) {
        WebhookSender sender = new WebhookSender(url, secret, this, conversations);
        sender.start(extraPerSecond);
        webhookSenders.add(sender);
        return sender;
    }

    /** Consulted for every request before it is served; {@link FaultPlan#NONE} serves everything normally. */
    public void setFaults(FaultPlan plan) {
        faults = Objects.requireNonNull(plan, "plan");
    }

    /**
     * Test oracle: every conversation the API lists right now for an owner, newest first, each as the exact JSON
     * text the list endpoint serves.
     *
     * @param operatorIdOrNull required for 2024-11-11; for 2025-06-19 null means the whole account, and an operator
     *                         id narrows it to that operator's agent
     */
    public List<String> listing(ApiVersion version, String operatorIdOrNull) {
        if (version.perOperator() && operatorIdOrNull == null) {
            throw new IllegalArgumentException("2024-11-11 lists one operator: pass its id");
        }
        int owner = operatorIdOrNull == null ? -1 : ownerIndex(operatorIdOrNull);
        long now = clock.now().getEpochSecond();
        List<String> listed = new ArrayList<>();
        StringBuilder json = new StringBuilder(1024);
        for (int rank : conversations.ranks(owner)) {
            if (!conversations.listedAt(rank, now)) continue;
            json.setLength(0);
            renderer.render(version, rank, now, json);
            listed.add(json.toString());
        }
        return listed;
    }

    @Override
    public void close() {
        webhookSenders.forEach(WebhookSender::close);
        server.stop(0);
        executor.shutdownNow();
    }

    long received(RecordedRequest request) {
        synchronized (requests) {
            if (requests.size() == RECORDED_REQUESTS) requests.removeFirst();
            requests.addLast(request);
        }
        return requestCount.incrementAndGet();
    }

    FaultPlan faults() {
        return faults;
    }

    private int ownerIndex(String operatorId) {
        int o = operatorIds(conversations.operators()).indexOf(operatorId);
        if (o < 0) throw new IllegalArgumentException("no such operator: " + operatorId);
        return o;
    }
}
