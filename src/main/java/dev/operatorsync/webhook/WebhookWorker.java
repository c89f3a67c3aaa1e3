package dev.operatorsync.webhook;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.PageParser;
import dev.operatorsync.config.Settings;
import dev.operatorsync.ops.WebhookMetrics;
import dev.operatorsync.sync.ApiErrorClassifier;
import dev.operatorsync.sync.ApiFailure;
import dev.operatorsync.warehouse.DeadLetter;
import dev.operatorsync.warehouse.EventsFinished;
import dev.operatorsync.warehouse.RunLedger;
import dev.operatorsync.warehouse.Warehouse;
import dev.operatorsync.warehouse.WebhookEventStore;
import dev.operatorsync.warehouse.WebhookEventStore.PendingEvent;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the webhook worker (routes/webhooks.camel.yaml): finds the accepted events whose fetch is due, one
 * batch per conversation (events of one conversation that arrived together make one fetch), prepares the
 * {@code GET /conversations/{id}}, and writes its answer through the guarded upsert with the events marked finished in
 * the same transaction. A conversation is fetched by one consumer at a time; its events that arrive meanwhile wait
 * for the next fetch. Events whose fetch failed for now (retries ran out, the key was refused) stay pending and are
 * tried again after {@link #RETRY_LATER}; a permanent failure is dead-lettered and finishes them as {@code failed}.
 */
public final class WebhookWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
    static final Duration RETRY_LATER = Duration.ofMinutes(1);
    static final int MAX_COALESCE_FACTOR = 5;
    /**
     * At most this many conversations are queued or fetched at once (the fetch queue's size, {@code webhook.queue-size} in
     * routes/webhooks.camel.yaml): a few polls' worth for the fetchers, and each poll reads only a few times this many
     * pending events, so a backlog does not make every poll read all of it.
     */
    public static final int QUEUE_SIZE = 100;
    private static final int PENDING_READ = 5 * QUEUE_SIZE;
    private static final String EVENTS = "webhookEvents";

    private final Settings settings;
    private final WebhookSettings webhook;
    private final Warehouse warehouse;
    private final WebhookEventStore events;
    private final WebhookMetrics metrics;
    private final ApiErrorClassifier classifier;
    private final Clock clock;
    private final PageParser parser;
    /** Conversations queued or being fetched, and those whose last fetch failed for now (until when). */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> retryAt = new ConcurrentHashMap<>();
    private final GroupWriter writer;
    private Long runId;

    public WebhookWorker(Settings settings, WebhookSettings webhook, Warehouse warehouse, WebhookMetrics metrics,
                         ApiErrorClassifier classifier, Clock clock) {
        this.settings = settings;
        this.webhook = webhook;
        this.warehouse = warehouse;
        this.events = warehouse.webhookEvents();
        this.metrics = metrics;
        this.classifier = classifier;
        this.clock = clock;
        this.parser = new PageParser(settings.apiVersion());
        this.writer = new GroupWriter(warehouse, clock, this::runIdUnchecked);
    }

    /**
     * The conversations to fetch now, each with all its pending events: those whose events have been quiet for
     * {@code webhook.coalesce} (events arriving together make one fetch), or whose oldest event has waited
     * {@link #MAX_COALESCE_FACTOR} times that (a steady stream of events still gets fetched).
     */
    public List<ConversationEvents> due() throws SQLException {
        int room = QUEUE_SIZE - inFlight.size();
        if (room <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        retryAt.values().removeIf(at -> !at.isAfter(now));
        Map<String, List<PendingEvent>> byConversation = new LinkedHashMap<>();
        for (PendingEvent pending : events.pending(PENDING_READ)) {
            String id = pending.event().conversationId();
            if (!inFlight.contains(id) && !retryAt.containsKey(id)) {
                byConversation.computeIfAbsent(id, k -> new ArrayList<>()).add(pending);
            }
        }
        Instant quietSince = now.minus(webhook.coalesce());
        Instant waitedSince = now.minus(webhook.coalesce().multipliedBy(MAX_COALESCE_FACTOR));
        List<ConversationEvents> due = new ArrayList<>();
        for (Map.Entry<String, List<PendingEvent>> entry : byConversation.entrySet()) {
            List<PendingEvent> list = entry.getValue();
            boolean quiet = !list.get(list.size() - 1).receivedAt().isAfter(quietSince);
            if (due.size() < room && (quiet || !list.get(0).receivedAt().isAfter(waitedSince))) {
                inFlight.add(entry.getKey());
                due.add(new ConversationEvents(entry.getKey(), list.stream().map(p -> p.event().operatorId()).filter(o -> o != null)
                        .findFirst().orElse(null), list.stream().map(p -> p.event().idempotencyKey()).toList(),
                        list.stream().map(p -> p.event().signedAt()).toList(), list.stream().map(p -> p.event().type()).toList()));
            }
        }
        return due;
    }

    /**
     * Whether the conversation may be written: under 2024-11-11 only one of a configured operator (the event names it);
     * otherwise its events finish as {@code ignored} here, with nothing fetched.
     */
    public boolean wanted(Exchange exchange) throws SQLException {
        ConversationEvents batch = exchange.getMessage().getBody(ConversationEvents.class);
        exchange.setProperty(EVENTS, batch);
        if (!settings.apiVersion().perOperator() || settings.operatorIds().contains(batch.operatorId())) {
            return true;
        }
        finishWithoutRow(batch, "ignored", "operator_not_configured");
        return false;
    }

    /**
     * Writes the fetched conversation (its {@code _raw} the object as GET returned it) and finishes its events in the same
     * transaction, together with whatever the other fetchers handed in meanwhile ({@link GroupWriter}).
     */
    public void write(Exchange exchange) throws SQLException {
        ConversationEvents batch = exchange.getProperty(EVENTS, ConversationEvents.class);
        // operator_id is the operator the conversation was fetched for: 2024-11-11 only.
        String operatorId = settings.apiVersion().perOperator() ? batch.operatorId() : null;
        Page page = parser.parse(asPage(exchange.getMessage().getBody(byte[].class)), operatorId,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        List<DeadLetter> letters = page.rejected().stream().map(r -> DeadLetter.record(DeadLetter.TRANSFORM, batch.operatorId(),
                batch.conversationId(), r.reason(), describe(batch), r.rawJson())).toList();
        GroupWriter.Fetched fetched = new GroupWriter.Fetched(batch, page.rows(), letters);
        Instant finishedAt = writer.write(fetched);
        // A failure above leaves the conversation in flight until failed() has recorded it.
        inFlight.remove(batch.conversationId());
        finished(batch, fetched.outcome(), finishedAt);
    }

    /** The API answered 404: the row stays as it is, and the events are done. */
    public void notFound(Exchange exchange) throws SQLException {
        ConversationEvents batch = exchange.getProperty(EVENTS, ConversationEvents.class);
        finishWithoutRow(batch, "done", "not_found");
    }

    /**
     * The fetch failed for good: dead-lettered with the request (never a header). A transient failure whose retries ran
     * out, or a refused key, leaves the events pending, tried again later; any other finishes them as {@code failed}.
     */
    public void failed(Exchange exchange) throws SQLException {
        ConversationEvents batch = exchange.getProperty(EVENTS, ConversationEvents.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        try {
            ApiFailure api = cause == null ? null : ApiFailure.of(cause);
            boolean later = cause == null || classifier.isTransient(cause) || classifier.keyRejection(cause) != null
                    || ApiFailure.find(cause, SQLException.class) != null;
            String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            LOG.warn("webhook fetch of conversation {} failed{}: {}", batch.conversationId(), later ? ", tried again later" : "", reason);
            warehouse.deadLetters().record(new DeadLetter(DeadLetter.FETCH, batch.operatorId(), batch.conversationId(),
                    api == null ? null : api.status(), api == null ? null : api.code(), later, reason, describe(batch),
                    api == null ? null : api.responseBody()), runId(), 1, 0, 0);
            if (later) {
                retryAt.put(batch.conversationId(), clock.instant().plus(RETRY_LATER));
                batch.types().forEach(type -> metrics.event(WebhookMetrics.typeLabel(type), "retry_later"));
            } else {
                finishWithoutRow(batch, "failed", "dead_lettered");
            }
        } finally {
            inFlight.remove(batch.conversationId());
        }
    }

    /** Deletes finished events older than {@code webhook.retention}. */
    public void prune() throws SQLException {
        int pruned = events.prune(clock.instant().minus(webhook.retention()));
        if (pruned > 0) {
            LOG.debug("pruned {} finished webhook events", pruned);
        }
    }

    private void finishWithoutRow(ConversationEvents batch, String status, String outcome) throws SQLException {
        try {
            Instant at = clock.instant();
            events.finish(new EventsFinished(batch.idempotencyKeys(), status, outcome, at, null));
            finished(batch, outcome, at);
        } finally {
            inFlight.remove(batch.conversationId());
        }
    }

    private void finished(ConversationEvents batch, String outcome, Instant at) {
        for (int i = 0; i < batch.types().size(); i++) {
            metrics.event(WebhookMetrics.typeLabel(batch.types().get(i)), outcome);
            metrics.eventToRow(Duration.between(batch.signedAt().get(i), at));
        }
    }

    /** The single object, wrapped as a page of one, so the page parser maps it and keeps its exact bytes as {@code _raw}. */
    private static byte[] asPage(byte[] conversation) {
        ByteArrayOutputStream page = new ByteArrayOutputStream((conversation == null ? 0 : conversation.length) + 32);
        page.writeBytes("{\"data\":[".getBytes(StandardCharsets.US_ASCII));
        page.writeBytes(conversation == null ? new byte[0] : conversation);
        page.writeBytes("],\"cursor\":null}".getBytes(StandardCharsets.US_ASCII));
        return page.toByteArray();
    }

    private static String describe(ConversationEvents batch) {
        return "GET /conversations/" + URLEncoder.encode(batch.conversationId(), StandardCharsets.UTF_8);
    }

    private long runIdUnchecked() {
        try {
            return runId();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the webhook run: " + e.getMessage(), e);
        }
    }

    /** The run of kind {@code webhook} this process's writes count in, opened at the first write. */
    private synchronized long runId() throws SQLException {
        if (runId == null) {
            runId = warehouse.runLedger().start("webhook", null, null);
        }
        return runId;
    }

    /** Closes the run (succeeded: whatever failed is in dead_letters) and the writer's connection. */
    @Override
    public void close() throws SQLException {
        writer.close();
        Long run;
        synchronized (this) {
            run = runId;
            runId = null;
        }
        if (run != null) {
            RunLedger ledger = warehouse.runLedger();
            ledger.finish(run, "succeeded", 0, null);
        }
    }
}
