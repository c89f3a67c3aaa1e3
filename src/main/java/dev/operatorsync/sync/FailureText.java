package dev.operatorsync.sync;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.regex.Pattern;

/**
 * A failure as a person reads it (on the command line, in a run's error, in a dead letter): what went wrong, without Java's class names ({@code IllegalArgumentException: no dead
 * letter 999} reads "no dead letter 999"). Wrappers that only carry a cause (Camel's, the executor's) are looked through.
 */
public final class FailureText {
    /** "java.net.ConnectException: " and the like, which a wrapped exception's toString puts inside a message. */
    private static final Pattern CLASS_NAME_PREFIX = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ");

    private FailureText() {
    }

    public static String of(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString())
                || t.getClass().getName().startsWith("org.apache.camel.") || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        if (t instanceof IOException io) {
            return ofIo(io);
        }
        if (t.getMessage() == null || t.getMessage().isBlank()) {
            return "an unexpected internal error (" + where(t) + ")";
        }
        return CLASS_NAME_PREFIX.matcher(t.getMessage()).replaceAll("");
    }

    /** The JDK's network exceptions often say nothing but their class; say what they mean. */
    public static String ofIo(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "the connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage() == null ? "the connection failed" : CLASS_NAME_PREFIX.matcher(e.getMessage()).replaceAll("");
    }

    private static String where(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 ? "no detail" : "at " + trace[0].getFileName() + ":" + trace[0].getLineNumber();
    }
}
