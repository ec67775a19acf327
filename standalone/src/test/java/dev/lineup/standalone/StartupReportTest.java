package dev.lineup.standalone;

import dev.lineup.dashboard.DashboardAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup report shows the demo key and the dashboard password only when Lineup made them. */
class StartupReportTest {

    @TempDir
    Path dataDir;

    private String report(Map<String, Object> environment) {
        Map<String, Object> properties = new HashMap<>(environment);
        properties.put("LINEUP_DATA_DIR", dataDir.toString());
        properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5/external");
        try (var context = new GenericApplicationContext()) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
            new StandaloneSetup().initialize(context);
            var env = context.getEnvironment();
            var dashboard = new DashboardAccess(
                    "http://localhost:8081/dashboard", "admin", env.getProperty("lineup.dashboard.password"));
            return StartupReport.text(env, dashboard);
        }
    }

    @Test
    void secretsFromTheEnvironmentAreNotShown() {
        String report = report(Map.of(
                "LINEUP_DEMO_API_KEY",
                "operator-chosen-key-1",
                "LINEUP_DASHBOARD_PASSWORD",
                "operator-chosen-password"));

        assertThat(report)
                .doesNotContain("operator-chosen-key-1")
                .doesNotContain("operator-chosen-password")
                .contains("from LINEUP_DEMO_API_KEY")
                .contains("not shown");
    }

    @Test
    void secretsLineupMadeAreShownOnceKeptInTheDataDirectory() throws Exception {
        String report = report(Map.of());

        String key = Files.readString(dataDir.resolve("demo-api-key")).trim();
        String password =
                Files.readString(dataDir.resolve("dashboard-password")).trim();
        assertThat(report).contains(key).contains(password).doesNotContain("not shown");
    }
}
