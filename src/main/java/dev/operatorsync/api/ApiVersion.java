package dev.operatorsync.api;

import java.util.Arrays;
import java.util.Optional;

/** The Operator API versions operator-sync supports; a version is a date sent as the Operator-Version header. */
public enum ApiVersion {
    /** Conversations belong to an operator; listing requires operator_id; postprocessed_at is filterable. */
    V2024_11_11("2024-11-11"),
    /** Conversations belong to versioned agents; listing is scoped to the key's account. */
    V2025_06_19("2025-06-19");

    private final String header;

    ApiVersion(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }

    public boolean perOperator() {
        return this == V2024_11_11;
    }

    public static Optional<ApiVersion> fromHeader(String value) {
        return Arrays.stream(values()).filter(v -> v.header.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return header;
    }
}
