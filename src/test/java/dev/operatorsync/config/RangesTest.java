package dev.operatorsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangesTest {
    @TempDir
    Path dir;

    private ConfigSource env(Map<String, String> environment) throws IOException {
        Path path = dir.resolve("application.properties");
        Files.writeString(path, "");
        return ConfigSource.load(path, environment, Map.of());
    }

    private void refused(String variable, String value, String key, String range) throws IOException {
        ConfigSource source = env(Map.of(variable, value));
        ConfigException e = assertThrows(ConfigException.class, () -> {
            RetrySettings.from(source);
            BackfillSettings.from(source);
        });
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(range) && e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void retry_values_outside_their_range_name_their_key() throws IOException {
        refused("SYNC_RETRY_MAX_REDELIVERIES", "-1", "sync.retry.max-redeliveries", "from 0 to 100");
        refused("SYNC_RETRY_JITTER", "5", "sync.retry.jitter", "from 0 to 1");
        refused("SYNC_RETRY_JITTER", "a lot", "sync.retry.jitter", "from 0 to 1");
        refused("SYNC_RETRY_BASE_DELAY_MS", "0", "sync.retry.base-delay-ms", "from 1 to 3600000");
        refused("SYNC_RETRY_MALFORMED_PAGE_REDELIVERIES", "1e3", "sync.retry.malformed-page-redeliveries", "from 0 to 100");
        ConfigException e = assertThrows(ConfigException.class, () -> RetrySettings.from(env(Map.of("SYNC_RETRY_MAX_DELAY_MS", "10"))));
        assertEquals("sync.retry.max-delay-ms", e.key());
    }

    @Test
    void backfill_defaults_outside_their_range_name_their_key() throws IOException {
        refused("BACKFILL_WINDOW", "PT10S", "backfill.window", "from PT1M to PT8784H");
        refused("BACKFILL_PROGRESS_INTERVAL", "soon", "backfill.progress-interval", "from PT1S to PT1H");
        refused("BACKFILL_PARALLEL", "0", "backfill.parallel", "from 1 to 64");
    }

    @Test
    void values_inside_their_range_and_defaults_are_taken() throws IOException {
        assertEquals(new RetrySettings(5, 1000, 30_000, 0.25, 2), RetrySettings.from(env(Map.of())));
        assertEquals(0, RetrySettings.from(env(Map.of("SYNC_RETRY_MAX_REDELIVERIES", "0"))).maxRedeliveries());
        assertEquals(1.0, RetrySettings.from(env(Map.of("SYNC_RETRY_JITTER", "1"))).jitter());
        BackfillSettings backfill = BackfillSettings.from(env(Map.of("BACKFILL_WINDOW", "PT6H")));
        assertEquals(Duration.ofHours(6), backfill.window());
        assertTrue(backfill.parallel().isEmpty());
    }
}
