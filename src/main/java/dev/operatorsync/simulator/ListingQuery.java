package dev.operatorsync.simulator;

import dev.operatorsync.api.ApiVersion;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A validated {@code GET /conversations} request.
 *
 * @param owner  the operator index, or -1 for the whole account (2025-06-19)
 * @param cursor the keyset position to continue after, or null for the first page
 */
record ListingQuery(ApiVersion version, int owner, TimeRange created, TimeRange completed, TimeRange postprocessed,
                    CursorCodec.Position cursor) {

    static ListingQuery parse(RecordedRequest request, ApiVersion version, int operators) {
        int owner = -1;
        TimeRange postprocessed = TimeRange.ALL;
        if (version.perOperator()) {
            owner = operator(request.queryParam("operator_id"), operators);
            postprocessed = range(request, "postprocessed_at");
        } else {
            for (String name : new String[] {"operator_id", "postprocessed_at_gte", "postprocessed_at_lt"}) {
                if (request.queryParam(name) != null) {
                    throw ApiError.badRequest("InvalidParameter",
                            "The parameter " + name + " is not supported by Operator-Version " + version.header() + ".", name);
                }
            }
        }
        TimeRange created = range(request, "created_at");
        TimeRange completed = range(request, "completed_at");
        ListingQuery unpositioned = new ListingQuery(version, owner, created, completed, postprocessed, null);
        String cursor = request.queryParam("cursor");
        if (cursor == null || cursor.isEmpty()) return unpositioned;
        CursorCodec.Position position = CursorCodec.decode(cursor);
        if (position.filterHash() != unpositioned.filterHash()) {
            throw ApiError.invalidCursor("The cursor was issued for other filters; repeat the original filters with every page.");
        }
        return new ListingQuery(version, owner, created, completed, postprocessed, position);
    }

    /** Identifies what is listed, so that a cursor only continues the listing it came from. */
    long filterHash() {
        long h = Ids.mix(version.ordinal() * 31L + owner);
        for (TimeRange r : new TimeRange[] {created, completed, postprocessed}) {
            h = Ids.mix(h ^ r.gte());
            h = Ids.mix(h ^ r.lt());
        }
        return h;
    }

    private static int operator(String id, int operators) {
        if (id == null || id.isEmpty()) {
            throw ApiError.badRequest("MissingParameter", "The parameter operator_id is required.", "operator_id");
        }
        if (id.startsWith("op_")) {
            try {
                int n = Integer.parseInt(id.substring(3));
                if (n >= 1 && n <= operators && id.equals("op_" + n)) return n - 1;
            } catch (NumberFormatException notANumber) {
                // falls through: not one of ours
            }
        }
        throw new ApiError(404, "OperatorNotFound", "No such operator.", "operator_id");
    }

    private static TimeRange range(RecordedRequest request, String field) {
        long gte = instant(request, field + "_gte", Long.MIN_VALUE);
        long lt = instant(request, field + "_lt", Long.MAX_VALUE);
        return gte == Long.MIN_VALUE && lt == Long.MAX_VALUE ? TimeRange.ALL : new TimeRange(gte, lt);
    }

    /** Epoch seconds, rounded up: whole-second timestamps compare with a fractional bound as they would exactly. */
    private static long instant(RecordedRequest request, String name, long absent) {
        String value = request.queryParam(name);
        if (value == null) return absent;
        try {
            Instant instant = Instant.parse(value);
            return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("InvalidParameter",
                    "The parameter " + name + " must be an ISO-8601 UTC timestamp such as 2023-11-07T05:31:56Z.", name);
        }
    }
}
