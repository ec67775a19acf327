package dev.lineup.server;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Stops the server before it starts when no database password is set: production has no default
 * password to fall back on (the standalone app has its own), and a connection refused later
 * would say less.
 */
class DatabasePasswordRequired implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String MESSAGE =
            "No database password: set LINEUP_DATABASE_PASSWORD to the password of the database user"
                    + " (LINEUP_DATABASE_USERNAME) on LINEUP_DATABASE_URL. The server has no default password.";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment env = context.getEnvironment();
        String password =
                env.getProperty("spring.datasource.password", env.getProperty("LINEUP_DATABASE_PASSWORD", ""));
        if (password.isBlank()) throw new IllegalStateException(MESSAGE);
    }
}
