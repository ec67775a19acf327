package dev.lineup.server;

import dev.lineup.engine.dispatch.LineupBackgroundJobServer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deployment whose worker pools are all at zero: the API and the scheduler only. Due jobs still
 * become ready when they fall due, and recurring jobs still start, so the queue depth an
 * autoscaler watches grows and can wake a pool.
 */
class ScaleToZeroTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @Test
    void withNoWorkerDueJobsAndRecurringJobsStillBecomeReady() {
        try (var app = LineupServer.start(ServerRolesTest.args(
                "api,scheduler",
                "--lineup.api.keys=salon:salon-key-12345678",
                "--lineup.scheduler.schedules[0].id=every-five-seconds",
                "--lineup.scheduler.schedules[0].cron=*/5 * * * * *",
                "--lineup.scheduler.schedules[0].type=report.daily",
                "--lineup.scheduler.schedules[0].priority=low"))) {
            var server = app.getBean(LineupBackgroundJobServer.class);
            assertThat(server.runsJobs()).isFalse();
            await().atMost(Duration.ofMinutes(1)).until(server::isMaster);

            String jobs = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/api/v1/jobs";
            // a first request warms the API up, so the scheduled one below is accepted well before its runAt
            assertThat(Http.post(jobs, "salon-key-12345678", """
                    {"type":"sms.send","payload":{"to":"+14155550199","text":"warm-up"}}""").status()).isEqualTo(202);
            Instant runAt = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.MILLIS);
            var response = Http.post(jobs, "salon-key-12345678", """
                            {"type":"sms.send","runAt":"%s","payload":{"to":"+14155550100","text":"See you at 10"}}""".formatted(runAt));
            assertThat(response.status()).as(response.body()).isEqualTo(202);
            var id = ID.matcher(response.body());
            assertThat(id.find()).isTrue();

            var jdbc = app.getBean(JdbcClient.class);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> state(jdbc, id.group(1)).equals("ENQUEUED"));
            JsonNode history = JSON.readTree(jdbc.sql("select jobasjson from jobrunr_jobs where id = ?")
                            .param(id.group(1))
                            .query(String.class)
                            .single())
                    .path("jobHistory");
            assertThat(history.valueStream()
                            .map(state -> state.path("state").asString())
                            .toList())
                    .containsExactly("SCHEDULED", "ENQUEUED");
            assertThat(Instant.parse(history.get(1).path("createdAt").asString()))
                    .as("made ready at")
                    .isAfterOrEqualTo(runAt);

            await().atMost(Duration.ofMinutes(1))
                    .until(() -> jdbc.sql("""
                    select count(*) from jobrunr_jobs where recurringjobid = 'every-five-seconds' and state = 'ENQUEUED'""").query(Integer.class).single() > 0);
            assertThat(jdbc.sql("select count(*) from jobrunr_jobs where state in ('PROCESSING', 'SUCCEEDED')")
                            .query(Integer.class)
                            .single())
                    .as("jobs run with no worker")
                    .isZero();
        }
    }

    private static String state(JdbcClient jdbc, String id) {
        return jdbc.sql("select state from jobrunr_jobs where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }
}
