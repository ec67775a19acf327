package dev.lineup.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Lineup in production: one executable jar that runs the roles {@code LINEUP_ROLES} names
 * (default all four) against the PostgreSQL {@code LINEUP_DATABASE_URL} names. It has no
 * embedded database, no {@code demo} producer and no default database password. The public
 * port ({@code SERVER_PORT}, 8080) serves the API; {@code /actuator}, with the liveness and
 * readiness probes, is on {@code LINEUP_MANAGEMENT_PORT} (9090).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(LineupPlatform.class)
public class LineupServer {

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the roles; closing the returned context stops them. */
    public static ConfigurableApplicationContext start(String... args) {
        var app = new SpringApplication(LineupServer.class);
        app.addInitializers(new DatabasePasswordRequired());
        return app.run(args);
    }
}
