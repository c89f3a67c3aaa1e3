package dev.operatorsync.sync;

import dev.operatorsync.api.QueryParameters;
import dev.operatorsync.warehouse.DeadLetter;
import dev.operatorsync.warehouse.DeadLetterFilter;
import dev.operatorsync.warehouse.DeadLetterStore;
import dev.operatorsync.warehouse.StoredDeadLetter;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * The fetch letters a completed stream window has answered: an open letter of the same operator whose request
 * listed the same filter over a range inside the window was read again, to the end of its last page, by this
 * run. Closing them ({@code replayed}, the resolution naming the run) ends the open-letters alert with the outage
 * instead of leaving it to a person.
 */
final class CoveredLetters {
    private CoveredLetters() {
    }

    /** @return how many letters it closed */
    static int close(DeadLetterStore store, StreamRun stream, long runId) throws SQLException {
        int closed = 0;
        for (StoredDeadLetter open : store.list(new DeadLetterFilter("open", DeadLetter.FETCH, stream.operatorId(), null, null))) {
            if (Objects.equals(open.letter().operatorId(), stream.operatorId()) && covers(stream, open.letter().request())
                    && store.resolve(open.id(), "replayed", "completed by run " + runId + " (" + stream.streamId() + ")", runId)) {
                closed++;
            }
        }
        return closed;
    }

    /** Whether {@code request}, as {@link ApiRequest#describe} wrote it, lists the stream's filter over a range inside its window. */
    static boolean covers(StreamRun stream, String request) {
        Map<String, String> query = query(request);
        String filter = stream.kind().filter();
        String lt = query.get(filter + "_lt");
        String gte = query.get(filter + "_gte");
        if (lt == null) {
            return false;
        }
        try {
            boolean startInside = stream.windowStart() == null || gte != null && !Instant.parse(gte).isBefore(stream.windowStart());
            return startInside && !Instant.parse(lt).isAfter(stream.windowEnd());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Map<String, String> query(String request) {
        int question = request == null ? -1 : request.indexOf('?');
        return QueryParameters.parse(question < 0 ? null : request.substring(question + 1));
    }
}
