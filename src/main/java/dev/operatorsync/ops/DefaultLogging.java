package dev.operatorsync.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The built-in logging, found by logback as a service before any XML: log lines go to standard error (standard
 * output is left to what commands print for people and scripts), encoded by {@link LogLineEncoder} in the format
 * {@link LoggingSetup} picked, so every line carries its run id and passes the redactor. Written in Java because
 * reading an XML configuration cost about 0.2 s of every start. A {@code logback.configurationFile} (which
 * {@code config/logback.xml} sets, see {@code config/logback.example.xml}) or a {@code logback-test.xml} on the
 * class path takes over instead.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread]%replace( run=%X{run_id}){' run=$',''} "
            + "%logger{0} %msg%n";
    static final Map<String, Level> LEVELS = Map.of("org.apache.camel", Level.WARN, "org.quartz", Level.WARN,
            "org.apache.hc", Level.WARN, "com.zaxxer.hikari", Level.WARN, "dev.operatorsync", Level.INFO);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || DefaultLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getProperty(LoggingSetup.FORMAT_PROPERTY, "plain"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
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
