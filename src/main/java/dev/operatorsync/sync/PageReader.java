package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.PageParser;
import dev.operatorsync.config.Settings;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** Turns the body of a successful response into a {@link Page}, stamped with the instant it was observed. */
public final class PageReader {
    private final PageParser parser;
    private final Clock clock;

    public PageReader(Settings settings, Clock clock) {
        this.parser = new PageParser(settings.apiVersion());
        this.clock = clock;
    }

    public Page read(@Body byte[] body, @ExchangeProperty("stream") StreamRun stream) {
        return parser.parse(body, stream.operatorId(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }
}
