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
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String managementPort = env.getProperty("local.management.port", env.getProperty("management.server.port", port));
        var dashboard = event.getApplicationContext().getBeanProvider(DashboardAccess.class).getIfAvailable();
        log.info("""

                Lineup is running.
                  API        http://localhost:{}/api/v1
                  API key    producer "demo", key {}   ({})
                  Dashboard  {}   user {}, password {}
                  Database   {}
                  Metrics    http://localhost:{}/actuator/prometheus   (health: /actuator/health)
                """,
                port, env.getProperty(StandaloneSetup.DEMO_API_KEY), env.getProperty(StandaloneSetup.DEMO_API_KEY_SOURCE),
                dashboard == null ? "off" : dashboard.url(), dashboard == null ? "-" : dashboard.username(),
                dashboard == null ? "-" : dashboard.password(),
                env.getProperty("lineup.standalone.database", env.getProperty("spring.datasource.url")), managementPort);
    }
}
