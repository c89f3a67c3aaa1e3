package dev.operatorsync.webhook;

import dev.operatorsync.warehouse.ConversationRow;
import dev.operatorsync.warehouse.DeadLetter;
import dev.operatorsync.warehouse.EventsFinished;
import dev.operatorsync.warehouse.GroupCommit;
import dev.operatorsync.warehouse.PageCommit;
import dev.operatorsync.warehouse.PageWriter;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Writes what the webhook fetchers fetched: the conversations handed in while the previous commit ran go through the
 * guarded upsert together, in one transaction with their events marked finished ({@link GroupCommit}).
 */
final class GroupWriter implements AutoCloseable {
    /** A fetched conversation and the records of it that did not map. */
    record Fetched(ConversationEvents batch, List<ConversationRow> rows, List<DeadLetter> letters) {
        /** The events' outcome: the row went through the guarded upsert, or the record did not map. */
        String outcome() {
            return letters.isEmpty() ? "written" : "dead_lettered";
        }
    }

    private final Warehouse warehouse;
    private final Clock clock;
    private final LongSupplier runId;
    private final GroupCommit<Fetched, Instant> group = new GroupCommit<>(this::commit);
    /** Used only inside a commit, which the group commit runs one at a time. */
    private PageWriter writer;

    GroupWriter(Warehouse warehouse, Clock clock, LongSupplier runId) {
        this.warehouse = warehouse;
        this.clock = clock;
        this.runId = runId;
    }

    /** Returns when {@code fetched} is committed: the instant its events finished. */
    Instant write(Fetched fetched) throws SQLException {
        return group.commit(fetched);
    }

    private List<Instant> commit(List<Fetched> fetched) throws SQLException {
        List<ConversationRow> rows = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        fetched.forEach(f -> {
            rows.addAll(f.rows());
            letters.addAll(f.letters());
        });
        long run = runId.getAsLong();
        Instant[] at = new Instant[1];
        if (writer == null) {
            writer = warehouse.newPageWriter();
        }
        writer.write(rows, letters, new PageCommit(run, null, null, null, null, null, null, fetched.size(), 0, 0), outcome -> {
            at[0] = clock.instant();
            return fetched.stream().map(f -> new EventsFinished(f.batch().idempotencyKeys(), f.letters().isEmpty() ? "done" : "failed",
                    f.outcome(), at[0], run)).toList();
        });
        return Collections.nCopies(fetched.size(), at[0]);
    }

    @Override
    public void close() {
        synchronized (group) {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        }
    }
}
