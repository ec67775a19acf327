package dev.lineup.api.jobs;

import dev.lineup.api.JobsApiApplication;
import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A window too short to mean anything stops the start with a message that says what to set. */
class IdempotencyWindowStartupTest {

    @Test
    void aWindowOfZeroStopsTheStart() {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties(TestPostgres.newDatabase()));
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("lineup.api.idempotency-window", "0s");

        // as command-line arguments, which win over the defaults in lineup-api.properties
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(JobsApiApplication.class)
                        .run(args)
                        .close())
                .hasStackTraceContaining("idempotencyWindow")
                .hasStackTraceContaining("set LINEUP_IDEMPOTENCY_WINDOW");
    }
}
