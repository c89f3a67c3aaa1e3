package dev.operatorsync.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The built-in logging, found by logback as a service before any XML: log lines go to standard error (standard
 * output is left to what commands print for people and scripts), encoded by {@link LogLineEncoder} in the format
 * {@link LoggingSetup} picked, so every line carries its run id and passes the redactor. Written in Java because
 * reading an XML configuration cost about 0.2 s of every start. A {@code logback.configurationFile} that exists
 * (which {@code config/logback.xml} sets, see {@code config/logback.example.xml}) or a {@code logback-test.xml} on
 * the class path takes over instead.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    private static final String CONFIGURATION_FILE = "logback.configurationFile";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread]%replace( run=%X{run_id}){' run=$',''} "
            + "%logger{0} %msg%n";
    static final Map<String, Level> LEVELS = Map.of("org.apache.camel", Level.WARN, "org.quartz", Level.WARN,
            "org.apache.hc", Level.WARN, "com.zaxxer.hikari", Level.WARN, "dev.operatorsync", Level.INFO);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String file = System.getProperty(CONFIGURATION_FILE);
        if (xmlTakesOver(file, DefaultLogging.class.getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        if (file != null) {
            addWarn(CONFIGURATION_FILE + " names " + file + ", which does not exist; using the built-in logging");
        }
        apply(context, System.getProperty(LoggingSetup.FORMAT_PROPERTY, "plain"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Whether an XML file logback would read is there: the named {@code configurationFile} (a path, a class path
     * resource or a URL) or a {@code logback-test.xml}. A name that leads nowhere must not win: logback would then
     * fall back to its bare default, DEBUG lines on standard output without the redactor.
     */
    static boolean xmlTakesOver(String configurationFile, ClassLoader loader) {
        if (loader.getResource("logback-test.xml") != null) {
            return true;
        }
        if (configurationFile == null) {
            return false;
        }
        if (isFile(configurationFile) || loader.getResource(configurationFile) != null) {
            return true;
        }
        try {
            URL url = new URL(configurationFile);
            return !url.getProtocol().equals("file") || Files.isRegularFile(Path.of(url.toURI()));
        } catch (MalformedURLException | URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isFile(String path) {
        try {
            return Files.isRegularFile(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** @param format {@code plain} or {@code json} */
    static void apply(LoggerContext context, String format) {
        LogLineEncoder encoder = new LogLineEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
    }
}
