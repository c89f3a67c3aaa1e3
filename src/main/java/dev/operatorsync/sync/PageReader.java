package dev.operatorsync.sync;

import dev.operatorsync.api.Page;
import dev.operatorsync.api.PageParser;
import dev.operatorsync.config.Settings;
import dev.operatorsync.ops.ConfiguredStreams;
import dev.operatorsync.ops.SyncMetrics;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** Turns the body of a successful response into a {@link Page}, stamped with the instant it was observed. */
public final class PageReader {
    private final PageParser parser;
    private final Clock clock;
    private final SyncMetrics metrics;

    public PageReader(Settings settings, Clock clock, SyncMetrics metrics) {
        this.parser = new PageParser(settings.apiVersion());
        this.clock = clock;
        this.metrics = metrics;
    }

    public Page read(@Body byte[] body, @ExchangeProperty("stream") StreamRun stream) {
        Page page = parser.parse(body, stream.operatorId(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        metrics.recordsFetched(ConfiguredStreams.operatorLabel(stream.operatorId()), ConfiguredStreams.label(stream.streamId()),
                page.rows().size() + page.rejected().size());
        return page;
    }
}
