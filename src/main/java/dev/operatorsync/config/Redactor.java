package dev.operatorsync.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place secret values are masked (guarantee 6). The configuration registers every secret it reads;
 * the log encoder and the command line's error printing pass their text through {@link #redact(String)}, so
 * a secret that slips into an exception message or a log argument never reaches a line a person can read.
 */
public final class Redactor {
    public static final String MASK = "****";
    /**
     * A secret at least this long is masked wherever it occurs, even glued to other characters ({@code %3D<key>},
     * {@code wrong_<key>}): no unrelated word contains it by chance. A shorter one ({@code postgres}) is masked only
     * where it stands as a value of its own, so {@code ux_postgres_nope} stays readable.
     */
    static final int MASKED_ANYWHERE_FROM = 12;
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)([^&;]*)");
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
            redacted = mask(redacted, secret);
        }
        return redacted;
    }

    /** {@code text} with every occurrence of {@code secret} that is a value of its own (see {@link #MASKED_ANYWHERE_FROM}) masked. */
    public static String mask(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
            if (at < from || !standsAlone(text, at, secret)) {
                continue;
            }
            out.append(text, from, at).append(MASK);
            from = at + secret.length();
        }
        return from == 0 ? text : out.append(text, from, text.length()).toString();
    }

    /** Not part of a longer word: no letter, digit or underscore is glued to an end of the secret that is one itself. */
    private static boolean standsAlone(String text, int at, String secret) {
        if (secret.length() >= MASKED_ANYWHERE_FROM) {
            return true;
        }
        int end = at + secret.length();
        boolean left = at == 0 || !wordChar(secret.charAt(0)) || !wordChar(text.charAt(at - 1));
        boolean right = end == text.length() || !wordChar(secret.charAt(secret.length() - 1)) || !wordChar(text.charAt(end));
        return left && right;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The value of a JDBC URL's {@code password} parameter (as written and decoded), if it has one. */
    public static Optional<String> urlPassword(String jdbcUrl) {
        Matcher m = URL_PASSWORD.matcher(jdbcUrl == null ? "" : jdbcUrl);
        return m.find() && !m.group(2).isEmpty() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** Registers a JDBC URL's password, in the form it is written and decoded, so either form prints masked. */
    static void registerUrlPassword(String jdbcUrl) {
        urlPassword(jdbcUrl).ifPresent(password -> {
            register(password);
            try {
                register(URLDecoder.decode(password, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notEncoded) {
                // a stray % in a password written as is: the form as written is registered
            }
        });
    }

    /** A JDBC URL fit to print: the value of its {@code password} parameter masked, whether or not it was registered. */
    public static String maskUrlPassword(String jdbcUrl) {
        return jdbcUrl == null ? null : URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1" + MASK);
    }
}
