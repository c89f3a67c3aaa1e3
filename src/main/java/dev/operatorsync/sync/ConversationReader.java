package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.PageParser;
import dev.operatorsync.config.Settings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Turns the body of {@code GET /conversations/{id}} into a one-record {@link Page}, stamped with the instant it
 * was observed, mapped as a listed record is: a record that does not map is rejected, not thrown.
 */
public final class ConversationReader {
    private static final byte[] BEFORE = "{\"data\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AFTER = "],\"cursor\":null}".getBytes(StandardCharsets.UTF_8);

    private final PageParser parser;
    private final Clock clock;

    public ConversationReader(Settings settings, Clock clock) {
        this.parser = new PageParser(settings.apiVersion());
        this.clock = clock;
    }

    /** @param stream the window the conversation is checked for; its operator is the row's (2024-11-11) */
    public Page read(@Body byte[] body, @ExchangeProperty("stream") StreamRun stream) {
        ByteArrayOutputStream page = new ByteArrayOutputStream(BEFORE.length + (body == null ? 0 : body.length) + AFTER.length);
        page.writeBytes(BEFORE);
        page.writeBytes(body == null ? new byte[0] : body);
        page.writeBytes(AFTER);
        return parser.parse(page.toByteArray(), stream == null ? null : stream.operatorId(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
    }
}
