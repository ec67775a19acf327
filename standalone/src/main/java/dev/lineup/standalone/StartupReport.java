package dev.lineup.standalone;

import dev.lineup.dashboard.DashboardAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/** Tells a newcomer, once everything is up, where the API and the dashboard are and how to get in. */
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        log.info(text(
                env,
                event.getApplicationContext()
                        .getBeanProvider(DashboardAccess.class)
                        .getIfAvailable()));
    }

    /**
     * The report. A secret is shown only when Lineup made it and keeps it in the data directory;
     * one the operator set in the environment is never written to the log.
     */
    static String text(Environment env, DashboardAccess dashboard) {
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String managementPort =
                env.getProperty("local.management.port", env.getProperty("management.server.port", port));
        String key = env.getProperty(StandaloneSetup.DEMO_API_KEY_GENERATED, Boolean.class, false)
                ? env.getProperty(StandaloneSetup.DEMO_API_KEY)
                : "(not shown)";
        String password = dashboard == null
                ? "-"
                : env.getProperty(StandaloneSetup.DASHBOARD_PASSWORD_GENERATED, Boolean.class, false)
                        ? dashboard.password()
                        : "(from LINEUP_DASHBOARD_PASSWORD, not shown)";
        return """

                Lineup is running.
                  API        http://localhost:%s/api/v1
                  API key    producer "demo", key %s   (%s)
                  Dashboard  %s   user %s, password %s
                  Database   %s
                  Metrics    http://localhost:%s/actuator/prometheus   (health: /actuator/health)
                """.formatted(
                        port,
                        key,
                        env.getProperty(StandaloneSetup.DEMO_API_KEY_SOURCE),
                        dashboard == null ? "off" : dashboard.url(),
                        dashboard == null ? "-" : dashboard.username(),
                        password,
                        env.getProperty("lineup.standalone.database", env.getProperty("spring.datasource.url")),
                        managementPort);
    }
}
