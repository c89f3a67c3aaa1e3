package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.PageParser;
import dev.operatorsync.api.RejectedRecord;
import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.ConversationRow;
import dev.operatorsync.warehouse.DeadLetter;
import dev.operatorsync.warehouse.DeadLetterStore;
import dev.operatorsync.warehouse.PageCommit;
import dev.operatorsync.warehouse.PageWriter;
import dev.operatorsync.warehouse.StoredDeadLetter;
import dev.operatorsync.warehouse.StreamLeases;
import dev.operatorsync.warehouse.Warehouse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Redrives dead letters. A letter with a request runs it again through the normal path (direct:fetch-page-retried:
 * the same call, parse and retries as a sync); a fetch letter then loads that page, a record letter takes its
 * conversation from it (the API's current version), or, when the page no longer holds it, maps the record it
 * kept. Rows go through the same guarded upsert as a sync, and no stream's watermark or resume point moves.
 * Success marks the letter {@code replayed}; failure keeps it open with the new error.
 */
final class DeadLetterReplayer {
    private final Warehouse warehouse;
    private final PageParser parser;
    private final ProducerTemplate template;

    DeadLetterReplayer(Warehouse warehouse, Settings settings, ProducerTemplate template) {
        this.warehouse = warehouse;
        this.parser = new PageParser(settings.apiVersion());
        this.template = template;
    }

    /** @return the letters that failed again, with why */
    List<String> replay(List<StoredDeadLetter> letters, long runId) throws SQLException {
        DeadLetterStore store = warehouse.deadLetters();
        StreamLeases leases = warehouse.streamLeases();
        List<String> failures = new ArrayList<>();
        int requests = 0;
        try (PageWriter writer = warehouse.newPageWriter()) {
            for (StoredDeadLetter stored : letters) {
                DeadLetter letter = stored.letter();
                StreamRun request = letter.request() == null ? null : fromRequest(letter.request(), letter.operatorId());
                // A replay loads its letter's stream like a sync: not while another run is loading that stream.
                String streamId = request == null ? null
                        : request.kind().streamId(letter.operatorId() == null ? StreamKind.ACCOUNT : letter.operatorId());
                Optional<StreamLeases.Holder> holder = streamId == null ? Optional.empty() : leases.take(streamId, runId);
                if (holder.isPresent()) {
                    failures.add("dead letter " + stored.id() + ": stream " + streamId + " is being loaded by "
                            + holder.get().instance() + " (run " + holder.get().runId() + "); replay it once that run has ended");
                    continue;
                }
                try {
                    Page page = request == null ? null : fetch(request);
                    requests += request == null ? 0 : 1;
                    if (DeadLetter.FETCH.equals(letter.stage())) {
                        writer.write(page.rows(), PageLoader.transformLetters(page, letter.operatorId(), letter.request()),
                                commit(runId, letter.operatorId(), request));
                    } else {
                        writer.write(List.of(recordOf(stored, page)), commit(runId, letter.operatorId(), request));
                    }
                    store.resolve(stored.id(), "replayed", "replayed by run " + runId, runId);
                } catch (Exception e) {
                    ApiFailure api = ApiFailure.of(e);
                    String reason = api.message();
                    failures.add("dead letter " + stored.id() + ": " + reason);
                    store.replayFailed(stored.id(), new DeadLetter(letter.stage(), letter.operatorId(), letter.conversationId(),
                            api.status(), api.code(), letter.transientFlag(), reason, letter.request(),
                            api.responseBody() != null ? api.responseBody() : letter.payload()), runId);
                } finally {
                    if (streamId != null) {
                        leases.release(streamId, runId);
                    }
                }
            }
        }
        store.addCounts(runId, requests, 0);
        return failures;
    }

    private Page fetch(StreamRun request) throws Exception {
        Exchange result = template.send("direct:fetch-page-retried", exchange -> exchange.setProperty("stream", request));
        if (result.getException() != null) {
            throw result.getException();
        }
        return result.getMessage().getBody(Page.class);
    }

    /** The conversation as the API serves it now, or else the record the letter kept, mapped as a sync maps it. */
    private ConversationRow recordOf(StoredDeadLetter stored, Page page) {
        String id = stored.letter().conversationId();
        if (page != null && id != null) {
            Optional<ConversationRow> current = page.rows().stream().filter(r -> r.id().equals(id)).findFirst();
            if (current.isPresent()) {
                return current.get();
            }
            Optional<RejectedRecord> stillBad = page.rejected().stream().filter(r -> id.equals(r.conversationId())).findFirst();
            if (stillBad.isPresent()) {
                throw new IllegalArgumentException("the API still serves " + id + " unmapped: " + stillBad.get().reason());
            }
        }
        // The kept record was observed when the letter was last seen, so the guarded upsert never lets it replace a newer row.
        Instant observedAt = stored.lastSeenAt();
        Page kept = parser.parse(("{\"data\":[" + stored.letter().payload() + "],\"cursor\":null}")
                .getBytes(StandardCharsets.UTF_8), stored.letter().operatorId(), observedAt);
        if (!kept.rejected().isEmpty()) {
            throw new IllegalArgumentException(kept.rejected().get(0).reason());
        }
        return kept.rows().get(0);
    }

    private static PageCommit commit(long runId, String operatorId, StreamRun request) {
        StreamRun.RetryCounts retries = request == null ? new StreamRun.RetryCounts(0, 0) : request.takeRetryCounts();
        return new PageCommit(runId, null, operatorId, null, null, null, null, 0, retries.retries(), retries.rateLimitWaitMillis());
    }

    /** The stream position a dead letter's request was made from: its filters and cursor, read back from its query. */
    static StreamRun fromRequest(String request, String operatorId) {
        String query = request.substring(request.indexOf('?') + 1);
        StreamKind kind = StreamKind.CREATED;
        Instant start = null;
        Instant end = null;
        String cursor = null;
        for (String pair : query.split("&")) {
            String[] nameValue = pair.split("=", 2);
            String value = URLDecoder.decode(nameValue.length == 2 ? nameValue[1] : "", StandardCharsets.UTF_8);
            String name = nameValue[0];
            if (name.equals("cursor")) {
                cursor = value;
            } else if (name.endsWith("_gte") || name.endsWith("_lt")) {
                String filter = name.substring(0, name.lastIndexOf('_'));
                kind = switch (filter) {
                    case "completed_at" -> StreamKind.COMPLETED;
                    case "postprocessed_at" -> StreamKind.POSTPROCESSED;
                    default -> StreamKind.CREATED;
                };
                if (name.endsWith("_gte")) {
                    start = Instant.parse(value);
                } else {
                    end = Instant.parse(value);
                }
            }
        }
        return new StreamRun("replay", operatorId, kind, start, end, cursor);
    }
}
