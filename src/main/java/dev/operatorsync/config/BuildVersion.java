package dev.operatorsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version in pom.xml, as Maven wrote it into version.properties at build time. */
final class BuildVersion {
    private static final String RESOURCE = "/dev/operatorsync/version.properties";

    private BuildVersion() {
    }

    static String read() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
