package dev.lineup.api;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** Runs the jobs API on its own, on port 8080 unless SERVER_PORT says otherwise. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(LineupJobsApi.class)
public class JobsApiApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(JobsApiApplication.class)
                .properties("server.port=8080", "spring.application.name=lineup-api")
                .run(args);
    }
}
