package dev.operatorsync.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place secret values are masked (guarantee 6). The configuration registers every secret it reads;
 * the log encoder and the command line's error printing pass their text through {@link #redact(String)}, so
 * a secret that slips into an exception message or a log argument never reaches a line a person can read.
 */
public final class Redactor {
    public static final String MASK = "****";
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private Redactor() {
    }

    public static void register(String secret) {
        if (secret != null && !secret.isBlank()) {
            SECRETS.add(secret);
        }
    }

    public static String redact(String text) {
        if (text == null || SECRETS.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String secret : SECRETS) {
            redacted = redacted.replace(secret, MASK);
        }
        return redacted;
    }
}
