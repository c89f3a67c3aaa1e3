package dev.operatorsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.api.ApiVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    private ConfigSource source(String file, Map<String, String> env, Map<String, String> system) throws IOException {
        Path path = dir.resolve("application.properties");
        Files.writeString(path, file);
        return ConfigSource.load(path, env, system);
    }

    private Settings settings(String file, Map<String, String> env) throws IOException {
        return Settings.from(source(file, env, Map.of()));
    }

    @Test
    void defaults_follow_the_product_contract() throws IOException {
        Settings s = settings("operator.api.operator-ids=op_1\n", Map.of());
        assertEquals("https://api.operator.xyz", s.apiBaseUrl().toString());
        assertEquals(ApiVersion.V2024_11_11, s.apiVersion());
        assertEquals("jdbc:duckdb:data/warehouse.duckdb", s.jdbcUrl());
        assertEquals("operator_sync", s.schema());
        assertEquals("0 */5 * * * ?", s.schedule());
        assertEquals(2, s.syncParallel());
        assertTrue(s.userAgent().startsWith("operator-sync/"));
        assertTrue(s.syncStart().isEmpty());
        assertEquals(Duration.ofMinutes(10), s.lookback());
    }

    @Test
    void the_version_and_the_default_user_agent_are_the_version_in_the_pom() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("</modelVersion>\\s*<groupId>[^<]*</groupId>\\s*<artifactId>[^<]*</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find(), "the project's own <version> in pom.xml");
        assertEquals(version.group(1), Settings.VERSION);
        assertEquals("operator-sync/" + version.group(1), settings("operator.api.operator-ids=op_1\n", Map.of()).userAgent());
    }

    @Test
    void environment_beats_file_and_system_property_beats_environment() throws IOException {
        ConfigSource src = source("sync.schedule=0 0 * * * ?\noperator.api.operator-ids=op_9\n",
                Map.of("SYNC_SCHEDULE", "0 */2 * * * ?", "OPERATOR_IDS", "op_1, op_2,op_1"),
                Map.of("sync.schedule", "0 */3 * * * ?"));
        Settings s = Settings.from(src);
        assertEquals("0 */3 * * * ?", s.schedule());
        assertEquals(List.of("op_1", "op_2"), s.operatorIds());
    }

    @Test
    void secrets_come_from_the_environment_or_a_file_it_names() throws IOException {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, "op_prod_from_file\n");
        Settings fromFile = settings("operator.api.operator-ids=op_1\n", Map.of("OPERATOR_API_KEY_FILE", keyFile.toString()));
        assertEquals("op_prod_from_file", fromFile.apiKey().reveal());
        Settings fromEnv = settings("operator.api.operator-ids=op_1\n", Map.of("OPERATOR_API_KEY", "op_prod_env", "WAREHOUSE_PASSWORD", "pw"));
        assertEquals("op_prod_env", fromEnv.apiKey().reveal());
        assertEquals("****", fromEnv.apiKey().toString());
        assertFalse(fromEnv.toString().contains("op_prod_env"), "settings print no secret");
        assertFalse(fromEnv.toString().contains("pw,"), "settings print no password");
    }

    @Test
    void stream_parallelism_is_a_count_from_1_to_64() throws IOException {
        assertEquals(5, settings("operator.api.operator-ids=op_1\n", Map.of("SYNC_PARALLEL", "5")).syncParallel());
        for (String bad : List.of("0", "65", "two")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> settings("operator.api.operator-ids=op_1\n", Map.of("SYNC_PARALLEL", bad)));
            assertEquals("sync.parallel", e.key());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void a_secret_in_the_file_is_refused() {
        ConfigException e = assertThrows(ConfigException.class, () -> source("operator.api.key=op_prod_oops\n", Map.of(), Map.of()));
        assertEquals("operator.api.key", e.key());
        assertFalse(e.getMessage().contains("op_prod_oops"));
    }

    @Test
    void a_missing_api_key_names_the_key() throws IOException {
        Settings s = settings("operator.api.operator-ids=op_1\n", Map.of());
        ConfigException e = assertThrows(ConfigException.class, s::requireApiKey);
        assertEquals("operator.api.key", e.key());
        assertTrue(e.getMessage().contains("OPERATOR_API_KEY"));
    }

    @Test
    void each_bad_value_names_its_key() {
        assertKey("operator.api.version", "operator.api.version=2023-01-01\noperator.api.operator-ids=op_1\n");
        assertKey("operator.api.operator-ids", "operator.api.version=2024-11-11\n");
        assertKey("sync.schedule", "operator.api.operator-ids=op_1\nsync.schedule=every five minutes\n");
        assertKey("sync.lookback", "operator.api.operator-ids=op_1\nsync.lookback=10 minutes\n");
        assertKey("sync.start", "operator.api.operator-ids=op_1\nsync.start=yesterday\n");
        assertKey("warehouse.schema", "operator.api.operator-ids=op_1\nwarehouse.schema=drop table;\n");
        assertKey("warehouse.jdbc-url", "operator.api.operator-ids=op_1\nwarehouse.jdbc-url=jdbc:mysql://x/y\n");
        assertKey("operator.api.base-url", "operator.api.operator-ids=op_1\noperator.api.base-url=ftp://x\n");
    }

    @Test
    void version_2025_06_19_needs_no_operator_ids() throws IOException {
        Settings s = settings("operator.api.version=2025-06-19\n", Map.of());
        assertEquals(ApiVersion.V2025_06_19, s.apiVersion());
        assertEquals(List.of(), s.operatorIds());
    }

    @Test
    void the_instance_id_is_the_host_and_process_unless_set() throws IOException {
        Settings s = settings("operator.api.operator-ids=op_1\n", Map.of());
        assertEquals(HostName.get() + "-" + ProcessHandle.current().pid(), s.instanceId());
        assertEquals(Duration.ofMillis(7500), s.checkinInterval());
        Settings set = settings("operator.api.operator-ids=op_1\n", Map.of("OPERATOR_SYNC_INSTANCE_ID", "pod-7",
                "CLUSTER_CHECKIN_INTERVAL", "PT10S"));
        assertEquals("pod-7", set.instanceId());
        assertEquals(Duration.ofSeconds(10), set.checkinInterval());
    }

    @Test
    void a_bad_instance_id_or_check_in_interval_names_its_key() {
        assertKey("cluster.instance-id", "operator.api.operator-ids=op_1\ncluster.instance-id=two words\n");
        assertKey("cluster.instance-id", "operator.api.operator-ids=op_1\ncluster.instance-id=" + "x".repeat(81) + "\n");
        assertKey("cluster.checkin-interval", "operator.api.operator-ids=op_1\ncluster.checkin-interval=PT0.5S\n");
        assertKey("cluster.checkin-interval", "operator.api.operator-ids=op_1\ncluster.checkin-interval=10s\n");
    }

    private void assertKey(String key, String file) {
        ConfigException e = assertThrows(ConfigException.class, () -> settings(file, Map.of()));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + " ("), e.getMessage());
    }
}
