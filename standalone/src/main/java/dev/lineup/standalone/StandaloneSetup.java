package dev.lineup.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepares the environment of the standalone app before any bean exists: starts the embedded
 * PostgreSQL unless an external one is configured (whose password defaults to {@code lineup}
 * here, and only here), and gives the {@code demo} producer and the
 * dashboard credentials that survive restarts (kept in the data directory, readable by the
 * owner only) unless the environment names them.
 */
class StandaloneSetup implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(StandaloneSetup.class);

    /** The password the standalone app tries on a PostgreSQL named by {@code LINEUP_DATABASE_URL} when none is set. */
    static final String STANDALONE_DATABASE_PASSWORD = "lineup";

    static final String DATA_DIR = "lineup.standalone.data-dir";
    static final String DEMO_API_KEY = "lineup.standalone.demo-api-key";
    static final String DEMO_API_KEY_SOURCE = "lineup.standalone.demo-api-key-source";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        Path dataDir = Path.of(env.getProperty(DATA_DIR, env.getProperty("LINEUP_DATA_DIR", "./data"))).toAbsolutePath().normalize();
        Map<String, Object> properties = new HashMap<>();
        properties.put(DATA_DIR, dataDir.toString());

        if (!env.containsProperty("spring.datasource.url") && !env.containsProperty("LINEUP_DATABASE_URL")) {
            EmbeddedPostgres postgres = startPostgres(dataDir.resolve("postgres"));
            properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/lineup");
            properties.put("spring.datasource.username", "postgres");
            properties.put("spring.datasource.password", "");
            properties.put("lineup.standalone.database", "embedded PostgreSQL 17, data in " + dataDir.resolve("postgres"));
            // Registered before any bean exists, so destroyed after all of them: JobRunr still
            // saves the state of the jobs it interrupts while the apps stop.
            ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("lineupEmbeddedPostgres", postgres::close);
        } else if (!env.containsProperty("spring.datasource.password") && !env.containsProperty("LINEUP_DATABASE_PASSWORD")) {
            // the quick start's own default for a PostgreSQL of its user's; the production server has none
            properties.put("spring.datasource.password", STANDALONE_DATABASE_PASSWORD);
        }

        String demoKey = env.getProperty("LINEUP_DEMO_API_KEY", "");
        properties.put(DEMO_API_KEY_SOURCE, "from LINEUP_DEMO_API_KEY");
        if (demoKey.isBlank()) {
            demoKey = secret(dataDir.resolve("demo-api-key"));
            properties.put(DEMO_API_KEY_SOURCE, "kept in " + dataDir.resolve("demo-api-key"));
        }
        properties.put(DEMO_API_KEY, demoKey);
        String otherKeys = env.getProperty("lineup.api.keys", env.getProperty("LINEUP_API_KEYS", ""));
        properties.put("lineup.api.keys", "demo:" + demoKey + (otherKeys.isBlank() ? "" : "," + otherKeys));

        if (env.getProperty("lineup.dashboard.password", env.getProperty("LINEUP_DASHBOARD_PASSWORD", "")).isBlank()) {
            properties.put("lineup.dashboard.password", secret(dataDir.resolve("dashboard-password")));
        }
        env.getPropertySources().addFirst(new MapPropertySource("lineupStandalone", properties));
    }

    private static EmbeddedPostgres startPostgres(Path directory) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setRegisterShutdownHook(false)
                    .start();
            try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                var exists = c.createStatement().executeQuery("select 1 from pg_database where datname = 'lineup'");
                if (!exists.next()) c.createStatement().execute("create database lineup");
            }
            log.info("Embedded PostgreSQL 17 on 127.0.0.1:{}, data in {}", postgres.getPort(), directory);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory
                    + "; set LINEUP_DATA_DIR to a writable directory or LINEUP_DATABASE_URL to use your own PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("The embedded PostgreSQL started but refused a connection", e);
        }
    }

    /** A secret kept in a file of its own, made on first use. */
    private static String secret(Path file) {
        try {
            if (Files.exists(file)) return Files.readString(file).trim();
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, secret + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no owner-only mode; the data directory's own protection applies
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write " + file + "; is LINEUP_DATA_DIR writable?", e);
        }
    }
}
