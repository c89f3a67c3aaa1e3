package dev.operatorsync.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts this process's {@code cluster.instance-id} in the MDC (key {@code instance_id}) of every thread that logs, so
 * JSON lines carry it in {@code "mdc"} however the thread was started (Quartz, Camel, pools). A turbo filter sees each
 * logging call on its own thread before the event is made, and decides nothing.
 */
public final class InstanceIdInLogs extends TurboFilter {
    public static final String MDC_KEY = "instance_id";

    private final String instanceId;

    private InstanceIdInLogs(String instanceId) {
        this.instanceId = instanceId;
    }

    /** Replaces the filter a previous engine of this JVM installed (tests run several). */
    public static void install(String instanceId) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getTurboFilterList().removeIf(f -> f instanceof InstanceIdInLogs);
            InstanceIdInLogs filter = new InstanceIdInLogs(instanceId);
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (!instanceId.equals(MDC.get(MDC_KEY))) {
            MDC.put(MDC_KEY, instanceId);
        }
        return FilterReply.NEUTRAL;
    }
}
