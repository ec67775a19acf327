package dev.lineup.worker;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** Runs the worker on its own; {@code SERVER_PORT} overrides the default port. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(LineupWorker.class)
public class WorkerApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(WorkerApplication.class)
                .properties("server.port=8081", "spring.application.name=lineup-worker")
                .run(args);
    }
}
