package dev.lineup.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepares the environment of the standalone app before any bean exists: starts the embedded
 * PostgreSQL ({@link EmbeddedDatabase}) unless an external one is configured (whose password
 * defaults to {@code lineup} here, and only here), and gives the embedded database, the
 * {@code demo} producer and the dashboard credentials that survive restarts (kept in the data
 * directory, readable by the owner only) unless the environment names them.
 */
class StandaloneSetup implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The password the standalone app tries on a PostgreSQL named by {@code LINEUP_DATABASE_URL} when none is set. */
    static final String STANDALONE_DATABASE_PASSWORD = "lineup";

    static final String DATA_DIR = "lineup.standalone.data-dir";
    static final String DEMO_API_KEY = "lineup.standalone.demo-api-key";
    static final String DEMO_API_KEY_SOURCE = "lineup.standalone.demo-api-key-source";
    /** Whether Lineup made the secret (kept in the data directory): only then the startup report shows it. */
    static final String DEMO_API_KEY_GENERATED = "lineup.standalone.demo-api-key-generated";

    static final String DASHBOARD_PASSWORD_GENERATED = "lineup.standalone.dashboard-password-generated";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        Path dataDir = Path.of(env.getProperty(DATA_DIR, env.getProperty("LINEUP_DATA_DIR", "./data")))
                .toAbsolutePath()
                .normalize();
        Map<String, Object> properties = new HashMap<>();
        properties.put(DATA_DIR, dataDir.toString());

        if (!env.containsProperty("spring.datasource.url") && !env.containsProperty("LINEUP_DATABASE_URL")) {
            String password = secret(dataDir.resolve("postgres-password"));
            EmbeddedPostgres postgres = EmbeddedDatabase.start(dataDir.resolve("postgres"), password);
            properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/lineup");
            properties.put("spring.datasource.username", "postgres");
            properties.put("spring.datasource.password", password);
            properties.put(
                    "lineup.standalone.database", "embedded PostgreSQL 17, data in " + dataDir.resolve("postgres"));
            // Registered before any bean exists, so destroyed after all of them: JobRunr still
            // saves the state of the jobs it interrupts while the apps stop.
            ((DefaultSingletonBeanRegistry) context.getBeanFactory())
                    .registerDisposableBean("lineupEmbeddedPostgres", postgres::close);
        } else if (!env.containsProperty("spring.datasource.password")
                && !env.containsProperty("LINEUP_DATABASE_PASSWORD")) {
            // the quick start's own default for a PostgreSQL of its user's; the production server has none
            properties.put("spring.datasource.password", STANDALONE_DATABASE_PASSWORD);
        }

        String demoKey = env.getProperty("LINEUP_DEMO_API_KEY", "");
        properties.put(DEMO_API_KEY_SOURCE, "from LINEUP_DEMO_API_KEY");
        properties.put(DEMO_API_KEY_GENERATED, "false");
        if (demoKey.isBlank()) {
            demoKey = secret(dataDir.resolve("demo-api-key"));
            properties.put(DEMO_API_KEY_SOURCE, "kept in " + dataDir.resolve("demo-api-key"));
            properties.put(DEMO_API_KEY_GENERATED, "true");
        }
        properties.put(DEMO_API_KEY, demoKey);
        String otherKeys = env.getProperty("lineup.api.keys", env.getProperty("LINEUP_API_KEYS", ""));
        properties.put("lineup.api.keys", "demo:" + demoKey + (otherKeys.isBlank() ? "" : "," + otherKeys));
        // the demo producer may send verification codes as critical, as the README shows
        String ceilings = env.getProperty(
                "lineup.api.limits.producer-max-priority", env.getProperty("LINEUP_PRODUCER_MAX_PRIORITY", ""));
        properties.put(
                "lineup.api.limits.producer-max-priority",
                "demo=critical" + (ceilings.isBlank() ? "" : ";" + ceilings));

        boolean makePassword = env.getProperty(
                        "lineup.dashboard.password", env.getProperty("LINEUP_DASHBOARD_PASSWORD", ""))
                .isBlank();
        if (makePassword) properties.put("lineup.dashboard.password", secret(dataDir.resolve("dashboard-password")));
        properties.put(DASHBOARD_PASSWORD_GENERATED, String.valueOf(makePassword));
        if (!env.containsProperty("lineup.worker.webhook.allow") && !env.containsProperty("LINEUP_WEBHOOK_ALLOW")) {
            // the demo booking app runs beside it; the worker logs this allowance at startup
            properties.put("lineup.worker.webhook.allow", "127.0.0.0/8,::1/128");
        }
        env.getPropertySources().addFirst(new MapPropertySource("lineupStandalone", properties));
    }

    /** A secret kept in a file of its own, made on first use. */
    private static String secret(Path file) {
        try {
            if (Files.exists(file)) return Files.readString(file).trim();
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            // owner-only from the moment the file exists, never readable by others in between
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no owner-only mode; the data directory's own protection applies
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n");
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write " + file + "; is LINEUP_DATA_DIR writable?", e);
        }
    }
}
