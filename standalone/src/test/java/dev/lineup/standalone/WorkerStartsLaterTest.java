package dev.lineup.standalone;

import dev.lineup.api.JobsApiApplication;
import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import dev.lineup.worker.WorkerApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An accepted job waits in PostgreSQL for as long as no worker runs, and runs once one starts. */
@Tag("slow") // starts the whole platform, then a worker
class WorkerStartsLaterTest {

    private static ConfigurableApplicationContext start(Class<?> app, Map<String, Object> properties) {
        // as arguments: they must outrank the apps' own defaults
        return new SpringApplicationBuilder(app)
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    @Test
    void jobsEnqueuedWithNoWorkerRunAllOnceAWorkerStarts() {
        Map<String, Object> database = TestDatabase.properties(TestPostgres.newDatabase());
        Map<String, Object> apiProperties = new HashMap<>(database);
        apiProperties.putAll(
                Map.of("server.address", "127.0.0.1", "server.port", "0", "lineup.api.keys", "salon:salon-key-123"));

        List<String> ids = new ArrayList<>();
        try (var apiApp = start(JobsApiApplication.class, apiProperties)) {
            var api = new Api(
                    "http://127.0.0.1:" + apiApp.getEnvironment().getProperty("local.server.port"), "salon-key-123");
            for (int i = 0; i < 20; i++) {
                var response = api.post("/api/v1/jobs", """
                        {"type":"sms.send","payload":{"to":"+1415555%04d","text":"Reminder %d"}}""".formatted(i, i));
                assertThat(response.status()).isEqualTo(202);
                ids.add(response.body().path("id").asString());
            }
            assertThat(ids).allSatisfy(id -> assertThat(api.state(id)).isEqualTo("enqueued"));
        }

        Map<String, Object> workerProperties = new HashMap<>(database);
        // twenty reminders from one sender: the delivery rules (quiet hours by the wall clock, one
        // SMS a second per sender) are not what this test is about
        workerProperties.putAll(Map.of(
                "server.address",
                "127.0.0.1",
                "server.port",
                "0",
                "lineup.worker.delivery.sms-quiet-hours",
                "off",
                "lineup.worker.rate-limits.sms-per-sender",
                "off"));
        try (var worker = start(WorkerApplication.class, workerProperties)) {
            var jdbc = worker.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                            jdbc.sql("select count(*) from jobrunr_jobs where state = 'SUCCEEDED' and id in (:ids)")
                                    .param("ids", ids)
                                    .query(Long.class)
                                    .single())
                    .isEqualTo(20L));
            assertThat(jdbc.sql("select count(*) from lineup_sandbox_messages where job_id::text in (:ids)")
                            .param("ids", ids)
                            .query(Long.class)
                            .single())
                    .isEqualTo(20L);
        }
    }
}
