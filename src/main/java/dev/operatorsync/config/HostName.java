package dev.operatorsync.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, looked up once: it cannot change under a running process, and the lookup may wait on DNS. */
public final class HostName {
    private static final String NAME = lookUp();

    private HostName() {
    }

    public static String get() {
        return NAME;
    }

    private static String lookUp() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv != null ? fromEnv : "unknown";
        }
    }
}
