package dev.operatorsync.webhook;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.ConfigSource;
import dev.operatorsync.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The webhook receiver of {@code run} and {@code demo}: where it listens, the URL Operator signs, the secret, and how
 * the worker fetches what it accepted. Absent ({@link #from} empty) unless {@code webhook.port} is set.
 *
 * @param publicUrl  the URL Operator posts to, as it signs it (behind a proxy it differs from host and port)
 * @param pollInterval how often the worker looks for accepted events to fetch
 * @param coalesce   a conversation is fetched once its events have been quiet this long (or its oldest waited five times
 *                   that), so events of one conversation arriving together make one fetch
 * @param parallel   conversations fetched at once
 * @param retention  finished events are kept this long (an idempotency key seen again within it fetches nothing)
 */
public record WebhookSettings(String host, int port, String publicUrl, Secret secret, Duration pollInterval, Duration coalesce,
                              int parallel, Duration retention) {
    public static final String PATH = "/webhooks/operator";
    /** How far an {@code X-Timestamp} may be from now, either way. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    public static Optional<WebhookSettings> from(ConfigSource source) {
        Optional<String> portText = source.get("webhook.port");
        if (portText.isEmpty()) {
            return Optional.empty();
        }
        int port = whole("webhook.port", portText.get(), 1, 65_535);
        String host = source.get("webhook.host").orElse("0.0.0.0");
        String publicUrl = source.get("webhook.public-url").orElse("http://" + host + ":" + port + PATH);
        try {
            URI uri = new URI(publicUrl);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(publicUrl, "not http(s)");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("webhook.public-url", "must be the http(s) URL Operator posts to, got '" + publicUrl + "'");
        }
        Secret secret = Secret.of(source.get("operator.webhook.secret").orElse(""));
        if (secret.isEmpty()) {
            throw new ConfigException("operator.webhook.secret", "is required when webhook.port is set: set "
                    + ConfigSource.environmentVariable("operator.webhook.secret") + " or "
                    + ConfigSource.environmentVariable("operator.webhook.secret") + "_FILE");
        }
        return Optional.of(new WebhookSettings(host, port, publicUrl, secret,
                duration(source, "webhook.poll-interval", "PT0.1S"), duration(source, "webhook.coalesce", "PT0.2S"),
                whole("webhook.parallel", source.get("webhook.parallel").orElse("16"), 1, 64),
                duration(source, "webhook.retention", "P1D")));
    }

    /** The receiver has a server of its own: its port must not be the admin API's or the management port. */
    public void requireOwnPort(int... others) {
        for (int other : others) {
            if (other == port) {
                throw new ConfigException("webhook.port", "must differ from the admin API's and the management port, got " + port);
            }
        }
    }

    private static int whole(String key, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key, "must be a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    private static Duration duration(ConfigSource source, String key, String fallback) {
        String text = source.get(key).orElse(fallback);
        try {
            Duration d = Duration.parse(text);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException ignored) {
            // reported below
        }
        throw new ConfigException(key, "must be a positive ISO-8601 duration (e.g. PT0.2S), got '" + text + "'");
    }
}
