package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.operatorsync.config.Redactor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in logging and config/logback.example.xml, which shows it as XML to start from, configure the same
 * thing: the same levels, one appender to standard error, and byte for byte the same line for the same event in
 * either format.
 */
class DefaultLoggingTest {
    @ParameterizedTest
    @ValueSource(strings = {"plain", "json"})
    void the_example_xml_is_the_built_in_logging_written_out(String format) throws Exception {
        LoggerContext builtIn = new LoggerContext();
        DefaultLogging.apply(builtIn, format);
        LoggerContext fromXml = new LoggerContext();
        fromXml.putProperty(LoggingSetup.FORMAT_PROPERTY, format);
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(fromXml);
        joran.doConfigure(Path.of("config", "logback.example.xml").toFile());

        for (String name : DefaultLogging.LEVELS.keySet()) {
            assertEquals(builtIn.getLogger(name).getLevel(), fromXml.getLogger(name).getLevel(), name);
        }
        assertEquals(Level.INFO, builtIn.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(Level.INFO, fromXml.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(line(fromXml, format), line(builtIn, format));
    }

    @Test
    void a_line_carries_level_thread_run_id_and_message_and_passes_the_redactor() {
        LoggerContext context = new LoggerContext();
        DefaultLogging.apply(context, "plain");
        Redactor.register("s3cr3t-value-for-logging-test");
        String line = line(context, "plain");
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[sync-stream-1\\] run=42 SyncRuns "
                + "run 42 started with \\*+\\n"), line);
    }

    @Test
    void only_an_xml_file_that_exists_takes_over_from_the_built_in_logging(@TempDir Path dir) throws Exception {
        ClassLoader bare = new URLClassLoader(new URL[0], null);
        Path file = Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
        assertFalse(DefaultLogging.xmlTakesOver(null, bare));
        assertTrue(DefaultLogging.xmlTakesOver(file.toString(), bare));
        assertTrue(DefaultLogging.xmlTakesOver(file.toUri().toString(), bare));
        // A name that leads nowhere would leave logback with its bare default: DEBUG to stdout, no redactor.
        assertFalse(DefaultLogging.xmlTakesOver(dir.resolve("missing.xml").toString(), bare));
        assertFalse(DefaultLogging.xmlTakesOver(dir.resolve("missing.xml").toUri().toString(), bare));
        assertFalse(DefaultLogging.xmlTakesOver("bad\u0000path", bare));
        assertTrue(DefaultLogging.xmlTakesOver(null, DefaultLoggingTest.class.getClassLoader()),
                "the tests' logback-test.xml wins");
    }

    /** The one appender's encoding of a fixed event, as text. */
    private static String line(LoggerContext context, String format) {
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertNotNull(appender, "one appender named STDERR on the root logger");
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) appender;
        assertEquals("System.err", console.getTarget());
        LoggingEvent event = new LoggingEvent("x", context.getLogger("dev.operatorsync.sync.SyncRuns"), Level.INFO,
                "run {} started with s3cr3t-value-for-logging-test", null, new Object[] {42});
        event.setThreadName("sync-stream-1");
        event.setTimeStamp(1_700_000_000_123L);
        event.setMDCPropertyMap(Map.of("run_id", "42"));
        return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    }
}
