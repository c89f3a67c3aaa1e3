package dev.operatorsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownKeysTest {
    @TempDir
    Path dir;

    private ConfigSource load(String file, Map<String, String> system) throws IOException {
        Path path = dir.resolve("application.properties");
        Files.writeString(path, file);
        return ConfigSource.load(path, Map.of(), system);
    }

    @Test
    void a_typo_in_the_file_is_refused_naming_it_and_the_nearest_key() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("sync.shedule=0 0 * * * ?\n", Map.of()));
        assertEquals("sync.shedule", e.key());
        assertTrue(e.getMessage().contains("did you mean sync.schedule?"), e.getMessage());
    }

    @Test
    void a_typo_given_as_a_system_property_is_refused_too() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("", Map.of("warehouse.jdbc-ulr", "jdbc:duckdb:x")));
        assertEquals("warehouse.jdbc-ulr", e.key());
        assertTrue(e.getMessage().contains("did you mean warehouse.jdbc-url?"), e.getMessage());
    }

    @Test
    void every_namespace_of_the_tool_is_checked_and_other_keys_are_left_alone() throws IOException {
        for (String namespace : KnownKeys.NAMESPACES) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(namespace + "no-such-key=1\n", Map.of()));
            assertEquals(namespace + "no-such-key", e.key());
        }
        load("camel.component.http.connect-timeout=5000\n", Map.of("java.io.tmpdir", "/tmp", "operator-sync.log-format", "plain"));
    }

    @Test
    void the_known_keys_are_those_config_application_properties_declares_and_the_secrets() throws IOException {
        Properties declared = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            declared.load(reader);
        }
        assertTrue(KnownKeys.all().containsAll(declared.stringPropertyNames()));
        assertTrue(KnownKeys.all().containsAll(ConfigSource.SECRET_KEYS));
        assertEquals(declared.size() + ConfigSource.SECRET_KEYS.size(), KnownKeys.all().size(), "nothing else");
        load(String.join("\n", declared.stringPropertyNames().stream().map(k -> k + "=" + declared.getProperty(k)).toList()), Map.of());
    }
}
