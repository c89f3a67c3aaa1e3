package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.warehouse.Dialect;
import dev.operatorsync.warehouse.RunRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A backfill of many windows logs a few INFO lines in all, not one per window: `run` serves backfills for months. */
class BackfillLogLinesTest {
    @Test
    void a_backfill_of_72_windows_logs_its_windows_at_debug_only() throws Exception {
        Logger ours = (Logger) LoggerFactory.getLogger("dev.operatorsync");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        ours.addAppender(lines);
        try (SyncHarness h = SyncHarness.start(Dialect.DUCKDB, ApiVersion.V2024_11_11, BackfillTest.HISTORY, Map.of())) {
            BackfillRequest threeDays = BackfillRequest.parse("2026-02-10", "2026-02-13", "op_1", "PT1H", h.settings);
            BackfillJob job = h.engine().backfills().prepare(threeDays, null, "test");
            lines.list.clear();
            RunRecord run = h.engine().backfill(job);
            assertEquals("succeeded", run.status(), run.error());
            assertEquals(72, job.progress().windowsDone());
            List<String> info = lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(info.size() <= 3, "at most a start and an end line, not one per window: " + info);
        } finally {
            ours.detachAppender(lines);
        }
    }
}
