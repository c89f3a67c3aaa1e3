package dev.operatorsync.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The SQL text of one dialect, read from {@code sql/<dialect>/<name>.sql} on the classpath. The
 * only text Java puts into SQL is the schema name, and only once it is a plain identifier.
 */
final class SqlFiles {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SCHEMA_PLACEHOLDER = "${schema}";

    private final Dialect dialect;
    private final String schema;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    SqlFiles(Dialect dialect, String schema) {
        this.dialect = dialect;
        this.schema = validSchema(schema);
    }

    static String validSchema(String schema) {
        if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "warehouse.schema must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*), got '" + schema + "'");
        }
        return schema;
    }

    String get(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private String load(String name) {
        String path = "sql/" + dialect.sqlFolder() + "/" + name + ".sql";
        try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL file on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(SCHEMA_PLACEHOLDER, schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
