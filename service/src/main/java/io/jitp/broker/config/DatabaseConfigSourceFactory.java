package io.jitp.broker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.jitp.broker.store.OwnerOnlyFilePath;
import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Turns {@code jitp.database.*} into the settings of two named Quarkus datasources. Quarkus fixes a
 * datasource's database kind at build time, so the broker is built with both, {@code embedded} (H2) and
 * {@code postgresql}, and exactly one of them is activated at run time: PostgreSQL when
 * {@code jitp.database.url} is set, otherwise the H2 file in the data directory. Flyway follows the active one.
 * <p>
 * Values set explicitly for {@code quarkus.datasource.*} win over these (this source has a low ordinal).
 */
public class DatabaseConfigSourceFactory implements ConfigSourceFactory {

    /** Name of the datasource holding the H2 file of the embedded default. */
    public static final String EMBEDDED = "embedded";
    /** Name of the PostgreSQL datasource. */
    public static final String POSTGRESQL = "postgresql";

    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String url = value(context, "jitp.database.url");
        boolean postgres = url != null && !url.isBlank();
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.datasource." + POSTGRESQL + ".active", Boolean.toString(postgres));
        properties.put("quarkus.datasource." + EMBEDDED + ".active", Boolean.toString(!postgres));
        if (postgres) {
            String schema = value(context, "jitp.database.schema");
            String jdbcUrl = url.strip();
            if (schema != null && !schema.isBlank()) {
                if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
                    throw new ConfigurationException(
                            "jitp.database.schema must be a lowercase SQL identifier (letters, "
                                    + "digits, _), not '" + schema + "'");
                }
                jdbcUrl += (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                properties.put("quarkus.flyway." + POSTGRESQL + ".schemas", schema);
                properties.put("quarkus.flyway." + POSTGRESQL + ".default-schema", schema);
                properties.put("quarkus.flyway." + POSTGRESQL + ".create-schemas", "true");
            }
            properties.put("quarkus.datasource." + POSTGRESQL + ".jdbc.url", jdbcUrl);
            copy(context, "jitp.database.username", "quarkus.datasource." + POSTGRESQL + ".username", properties);
            copy(context, "jitp.database.password", "quarkus.datasource." + POSTGRESQL + ".password", properties);
        } else {
            properties.put("quarkus.datasource." + EMBEDDED + ".jdbc.url",
                    embeddedUrl(atRunTime() ? usable(dataDir(context)) : dataDir(context)));
        }
        String pool = value(context, "jitp.database.max-pool-size");
        if (pool != null) {
            properties.put("quarkus.datasource." + POSTGRESQL + ".jdbc.max-size", pool);
            properties.put("quarkus.datasource." + EMBEDDED + ".jdbc.max-size", pool);
        }
        return List.of(new PropertiesConfigSource(properties, "jitp-database", ORDINAL));
    }

    /** The JDBC URL of the embedded database file {@code <dataDir>/broker.mv.db}. */
    public static String embeddedUrl(Path dataDir) {
        // PostgreSQL mode keeps one SQL dialect for both databases; AUTO_SERVER is off: one process owns the file.
        // The scheme creates H2's files 0600 and directories 0700 (OwnerOnlyFilePath), whatever the umask.
        OwnerOnlyFilePath.register();
        return "jdbc:h2:" + OwnerOnlyFilePath.SCHEME + ":" + dataDir.toAbsolutePath().resolve("broker")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
    }

    static Path dataDir(ConfigSourceContext context) {
        String dir = value(context, "jitp.data-dir");
        if (dir == null || dir.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".jitp", "broker");
        }
        return Path.of(dir);
    }

    /** True once the application starts (not while Quarkus builds it, or a native image is being made). */
    private static boolean atRunTime() {
        ExecutionMode mode = ExecutionMode.current();
        return mode == ExecutionMode.RUNTIME_INIT || mode == ExecutionMode.RUNNING;
    }

    /**
     * The data directory, created 0700 when missing; one line naming {@code jitp.data-dir} when it cannot be
     * created or written (rather than H2's stack trace when the database opens).
     */
    static Path usable(Path dir) {
        try {
            DataDirectory.ensureDirectory(dir);
        } catch (UncheckedIOException e) {
            IOException cause = e.getCause();
            throw new ConfigurationException("jitp.data-dir: cannot create the data directory " + dir + " ("
                    + (cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                            : cause.getClass().getSimpleName())
                    + "): set JITP_DATA_DIR (or -Djitp.data-dir) to a directory this user can create and write");
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigurationException("jitp.data-dir: the data directory " + dir + " is not writable: give "
                    + "this user write access to it, or set JITP_DATA_DIR to another directory");
        }
        return dir;
    }

    private static void copy(ConfigSourceContext context, String from, String to, Map<String, String> into) {
        String value = value(context, from);
        if (value != null && !value.isBlank()) {
            into.put(to, value);
        }
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
