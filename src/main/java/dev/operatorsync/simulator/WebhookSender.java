package dev.operatorsync.simulator;

import dev.operatorsync.api.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts Operator's webhooks for the simulated conversations, signed as the contract says: {@code conversation.setup}
 * when a conversation appears, {@code conversation.ended} when it reaches a final status,
 * {@code conversation.custom_fields.updated} when post-processing changes it. For benchmarks it can also post
 * {@code extraPerSecond} more {@code custom_fields.updated} events for recent conversations, spread evenly. Each post
 * carries the simulated time as {@code X-Timestamp}; the answers' statuses and times are kept for {@link #stats()}.
 */
public final class WebhookSender implements AutoCloseable {
    /** The longest lifecycle: start delay, duration and post-processing delay all fit well inside it. */
    private static final long LIFECYCLE_SECONDS = 2 * 3600;
    private static final int MAX_IN_FLIGHT = 256;

    private final URI url;
    private final WebhookSignature signature;
    private final OperatorApiSimulator simulator;
    private final Conversations conversations;
    /** HTTP/1.1, as webhook senders post: one request per connection at a time, connections pooled. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2, task -> {
        Thread t = new Thread(task, "webhook-sender");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final SplittableRandom random = new SplittableRandom(11);
    private final WebhookStats stats = new WebhookStats();
    private final AtomicLong dropped = new AtomicLong();
    private long lastSecond;

    WebhookSender(URI url, String secret, OperatorApiSimulator simulator, Conversations conversations) {
        this.url = url;
        this.signature = new WebhookSignature(secret);
        this.simulator = simulator;
        this.conversations = conversations;
        this.lastSecond = simulator.clock().now().getEpochSecond();
    }

    void start(double extraPerSecond) {
        ticks.scheduleAtFixedRate(this::lifecycleEvents, 200, 200, TimeUnit.MILLISECONDS);
        if (extraPerSecond > 0) {
            long periodNanos = (long) (1_000_000_000L / extraPerSecond);
            ticks.scheduleAtFixedRate(this::extraEvent, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    public WebhookStats stats() {
        return stats;
    }

    /** Posts skipped because MAX_IN_FLIGHT posts were still unanswered. */
    public long dropped() {
        return dropped.get();
    }

    /** What happened to each conversation in (lastSecond, now]. */
    private synchronized void lifecycleEvents() {
        long now = simulator.clock().now().getEpochSecond();
        if (now <= lastSecond) return;
        int newest = conversations.firstCreatedBefore(now + 1);
        int oldest = conversations.firstCreatedBefore(now - LIFECYCLE_SECONDS);
        for (int rank = newest; rank < oldest; rank++) {
            if (!conversations.listedAt(rank, now)) continue;
            if (within(conversations.createdAt(rank), now)) post(rank, "conversation.setup");
            if (within(conversations.completedAt(rank), now)) post(rank, "conversation.ended");
            if (within(conversations.postprocessedAt(rank), now)) post(rank, "conversation.custom_fields.updated");
        }
        lastSecond = now;
    }

    private boolean within(long at, long now) {
        return at > lastSecond && at <= now;
    }

    /** A custom_fields.updated for one of the most recent listed conversations. */
    private void extraEvent() {
        long now = simulator.clock().now().getEpochSecond();
        int newest = conversations.firstCreatedBefore(now + 1);
        int span = Math.min(5000, conversations.size() - newest);
        if (span <= 0) return;
        int rank;
        synchronized (random) {
            rank = newest + random.nextInt(span);
        }
        if (conversations.listedAt(rank, now)) post(rank, "conversation.custom_fields.updated");
    }

    private void post(int rank, String type) {
        if (!inFlight.tryAcquire()) {
            dropped.incrementAndGet();
            return;
        }
        long now = simulator.clock().now().getEpochSecond();
        String key = UUID.randomUUID().toString();
        String timestamp = Long.toString(now);
        byte[] body = envelope(rank, type, now).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP, timestamp)
                .header(WebhookSignature.IDEMPOTENCY_KEY, key)
                .header(WebhookSignature.SIGNATURE, signature.sign(url.toString(), key, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long started = System.nanoTime();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            inFlight.release();
            stats.answered(response == null ? 0 : response.statusCode(), System.nanoTime() - started);
            if (failure != null) {
                stats.failed(failure);
            }
        });
    }

    private String envelope(int rank, String type, long now) {
        StringBuilder conversationId = new StringBuilder("conv_");
        Ids.appendBase62(conversationId, conversations.id(rank));
        return "{\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "") + "\",\"object\":\"event\",\"created_at\":\""
                + Instant.ofEpochSecond(now) + "\",\"conversation_id\":\"" + conversationId + "\",\"operator_id\":\"op_"
                + (conversations.owner(rank) + 1) + "\",\"payload\":{\"type\":\"" + type + "\"}}";
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }

    /** The answers to the posts so far: how many of each status (0: no answer), and the answer times. */
    public static final class WebhookStats {
        private final List<Long> nanos = new ArrayList<>();
        private final java.util.Map<Integer, Long> statuses = new java.util.TreeMap<>();
        private final java.util.Map<String, Long> failures = new java.util.TreeMap<>();

        synchronized void answered(int status, long tookNanos) {
            statuses.merge(status, 1L, Long::sum);
            nanos.add(tookNanos);
        }

        synchronized void failed(Throwable failure) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            failures.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
        }

        /** Posts that got no answer, by the exception's class. */
        public synchronized java.util.Map<String, Long> failures() {
            return new java.util.TreeMap<>(failures);
        }

        public synchronized java.util.Map<Integer, Long> statuses() {
            return new java.util.TreeMap<>(statuses);
        }

        /** Answer times in milliseconds, sorted. */
        public synchronized double[] answerMillis() {
            return nanos.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        }
    }
}
