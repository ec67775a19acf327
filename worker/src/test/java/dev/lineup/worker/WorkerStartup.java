package dev.lineup.worker;

import dev.lineup.testing.TestDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A whole worker started on a fresh database with command-line settings, for startup tests. */
public final class WorkerStartup {

    private WorkerStartup() {}

    /** A running worker; the caller closes it. */
    public static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(new TestDatabase())
                .run(arguments);
    }

    /** Every message in the startup failure's chain of causes: what the operator reads in the log. */
    public static String failure(String... arguments) {
        Throwable thrown = catchThrowable(() -> start(arguments).close());
        assertThat(thrown).as("the worker should not start").isNotNull();
        return Stream.iterate(thrown, Objects::nonNull, Throwable::getCause)
                .map(String::valueOf)
                .collect(Collectors.joining("\n"));
    }
}
