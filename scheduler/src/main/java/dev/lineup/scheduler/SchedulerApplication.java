package dev.lineup.scheduler;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The scheduler on its own: reconciles the configured schedules, then serves health and metrics on 8082. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(LineupScheduler.class)
public class SchedulerApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(SchedulerApplication.class)
                .properties("server.port=8082", "spring.application.name=lineup-scheduler")
                .run(args);
    }
}
