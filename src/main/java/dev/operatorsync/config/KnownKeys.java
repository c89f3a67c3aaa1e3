package dev.operatorsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys operator-sync reads, so that a typo in its own namespaces ({@code sync.shedule}) is refused instead of
 * silently leaving the default in force. Declared in one place: every key set in config/application.properties
 * (the build copies that file into the jar; a key without a default is declared with an empty value,
 * {@code sync.start=}), plus the secrets of {@link ConfigSource#SECRET_KEYS}, which that file may not hold.
 * A branch that adds a key adds its line to that file, and nothing else.
 */
final class KnownKeys {
    /** The prefixes that are the tool's own; keys outside them (camel.*, a library's) are not checked. */
    static final List<String> NAMESPACES = List.of("operator.", "warehouse.", "sync.", "backfill.", "admin.", "management.",
            "health.", "logging.", "cluster.", "webhook.", "reconcile.");
    private static final String DECLARED = "/dev/operatorsync/config/application.properties";
    private static final Set<String> KEYS = load();

    private KnownKeys() {
    }

    /** @throws ConfigException naming {@code key} and the nearest known key, when {@code key} is in a namespace of ours and unknown */
    static void requireKnown(String key, String where) {
        if (NAMESPACES.stream().anyMatch(key::startsWith) && !KEYS.contains(key)) {
            throw new ConfigException(key, "is not a key operator-sync knows (" + where + "); did you mean " + nearest(key)
                    + "? Every key is listed in config/application.properties");
        }
    }

    static Set<String> all() {
        return KEYS;
    }

    static String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KEYS) {
            int d = distance(key, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: the fewest inserted, deleted or replaced characters that turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Set<String> load() {
        Properties declared = new Properties();
        try (InputStream in = KnownKeys.class.getResourceAsStream(DECLARED)) {
            if (in == null) {
                throw new IllegalStateException(DECLARED + " is missing from the build");
            }
            declared.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> keys = new TreeSet<>(declared.stringPropertyNames());
        keys.addAll(ConfigSource.SECRET_KEYS);
        return Set.copyOf(keys);
    }
}
