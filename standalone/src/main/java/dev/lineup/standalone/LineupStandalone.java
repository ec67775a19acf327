package dev.lineup.standalone;

import dev.lineup.server.LineupPlatform;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The whole platform in one JVM — jobs API, worker, scheduler and dashboard — on an embedded
 * PostgreSQL 17 whose data lives under {@code LINEUP_DATA_DIR}, or on the PostgreSQL that
 * {@code LINEUP_DATABASE_URL} names. The quick start; not how production runs.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({LineupPlatform.class, StartupReport.class})
public class LineupStandalone {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = start(args);
        Runtime.getRuntime().addShutdownHook(new Thread(context::close, "lineup-shutdown"));
    }

    /**
     * Starts the platform; closing the returned context stops the apps first and the embedded
     * database last, so a running job can still record how it ended.
     */
    public static ConfigurableApplicationContext start(String... args) {
        var app = new SpringApplication(LineupStandalone.class);
        app.setRegisterShutdownHook(false);
        app.addInitializers(new StandaloneSetup());
        return app.run(args);
    }
}
