package dev.lineup.dashboard;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The dashboard on its own: the UI on 8000, health and metrics on 8083. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(LineupDashboard.class)
public class DashboardApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(DashboardApplication.class)
                .properties("server.port=8083", "spring.application.name=lineup-dashboard")
                .run(args);
    }
}
