package dev.operatorsync.sync;

import dev.operatorsync.api.ApiVersion;
import java.util.List;

/** The kinds of window a sync reads, each over one timestamp filter of the list endpoint. */
public enum StreamKind {
    /** New conversations, and those not yet final (re-read until they are). */
    CREATED("created_at", "created_at"),
    /** Conversations that reached a final status. */
    COMPLETED("completed_at", "completed_at"),
    /** 2024-11-11: conversations whose post-processing finished. */
    POSTPROCESSED("postprocessed_at", "postprocessed_at"),
    /** 2025-06-19: a trailing window of completed conversations, re-read because nothing dates post-processing. */
    RECENTLY_COMPLETED("completed_at", "recently_completed");

    /** The owner of the account-wide streams of 2025-06-19, which have no operator. */
    public static final String ACCOUNT = "account";

    private static final List<StreamKind> PER_OPERATOR = List.of(CREATED, COMPLETED, POSTPROCESSED);
    private static final List<StreamKind> ACCOUNT_WIDE = List.of(CREATED, COMPLETED, RECENTLY_COMPLETED);

    private final String filter;
    private final String suffix;

    StreamKind(String filter, String suffix) {
        this.filter = filter;
        this.suffix = suffix;
    }

    /** The timestamp field the window filters on ({@code <filter>_gte}, {@code <filter>_lt}). */
    public String filter() {
        return filter;
    }

    /** The kinds a sync reads per owner under {@code version}: an operator (2024-11-11) or the account (2025-06-19). */
    public static List<StreamKind> forVersion(ApiVersion version) {
        return version.perOperator() ? PER_OPERATOR : ACCOUNT_WIDE;
    }

    public String streamId(String owner) {
        return owner + "/" + suffix;
    }
}
