package dev.operatorsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactorTest {
    @TempDir
    Path dir;

    @Test
    void a_short_secret_is_masked_as_a_value_and_left_alone_inside_other_words() {
        assertEquals("FATAL: database \"ux_postgres_nope\" does not exist",
                Redactor.mask("FATAL: database \"ux_postgres_nope\" does not exist", "postgres"));
        assertEquals("password=****&user=x, \"****\", it was ****.", Redactor.mask("password=postgres&user=x, \"postgres\", it was postgres.", "postgres"));
        assertEquals("postgresql://h/db", Redactor.mask("postgresql://h/db", "postgres"), "a longer word that starts with it");
        assertEquals("**** and ****", Redactor.mask("p@ss! and p@ss!", "p@ss!"), "ends that are not word characters need no boundary");
    }

    @Test
    void a_long_secret_is_masked_wherever_it_occurs() {
        String key = "op_prod_0123456789abcdef";
        assertEquals("key%3D**** and wrong_****x", Redactor.mask("key%3D" + key + " and wrong_" + key + "x", key));
    }

    @Test
    void a_jdbc_url_prints_with_its_password_masked() {
        assertEquals("jdbc:postgresql://db:5432/bi?user=sync&password=****&ssl=true",
                Redactor.maskUrlPassword("jdbc:postgresql://db:5432/bi?user=sync&password=s3cr%40t&ssl=true"));
        assertEquals("jdbc:duckdb:data/w.duckdb", Redactor.maskUrlPassword("jdbc:duckdb:data/w.duckdb"));
    }

    @Test
    void a_password_in_the_url_from_the_environment_is_masked_in_any_text_in_both_forms() throws IOException {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "warehouse.schema=s\n");
        ConfigSource source = ConfigSource.load(file,
                Map.of("WAREHOUSE_JDBC_URL", "jdbc:postgresql://db/bi?user=u&password=Url%40Secret7"), Map.of());
        assertTrue(source.get("warehouse.jdbc-url").isPresent());
        String line = Redactor.redact("login Url%40Secret7 / Url@Secret7 refused");
        assertFalse(line.contains("Secret7"), line);
    }

    @Test
    void a_password_in_the_url_in_the_properties_file_is_refused() throws IOException {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "warehouse.jdbc-url=jdbc:postgresql://db/bi?user=u&password=hunter2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigSource.load(file, Map.of(), Map.of()));
        assertEquals("warehouse.jdbc-url", e.key());
        assertTrue(e.getMessage().contains("WAREHOUSE_PASSWORD"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
