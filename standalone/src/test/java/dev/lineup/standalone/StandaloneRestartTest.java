package dev.lineup.standalone;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quick start as a newcomer meets it: the standalone app on its own embedded PostgreSQL,
 * the README's curl flow, and jobs that are still there after a restart.
 */
@Tag("slow") // starts the whole platform twice
class StandaloneRestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return LineupStandalone.start(
                "--lineup.standalone.data-dir=" + dataDir,
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--management.server.address=127.0.0.1",
                "--management.server.port=0",
                "--lineup.dashboard.address=127.0.0.1",
                "--lineup.dashboard.port=0");
    }

    private static Api api(ConfigurableApplicationContext app, String key) {
        return new Api("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"), key);
    }

    @Test
    void runsTheReadmeFlowAndKeepsJobsAcrossARestart() throws Exception {
        String scheduledId;
        String key;
        try (var app = start()) {
            key = Files.readString(dataDir.resolve("demo-api-key")).trim();
            var api = api(app, key);

            var email = api.post("/api/v1/jobs", """
                    {"type":"email.send","payload":{"to":"ada@example.com","subject":"See you tomorrow","body":"Your haircut is at 10:30."}}""");
            assertThat(email.status()).isEqualTo(202);
            String emailId = email.body().path("id").asString();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(api.state(emailId)).isEqualTo("succeeded"));
            var sandbox =
                    api.get("/api/v1/sandbox/messages?jobId=" + emailId).body().path("messages");
            assertThat(sandbox).hasSize(1);
            assertThat(sandbox.get(0).path("subject").asString()).isEqualTo("See you tomorrow");

            var later = api.post("/api/v1/jobs", """
                    {"type":"sms.send","runAt":"%s","payload":{"to":"+14155550123","text":"See you tomorrow"}}""".formatted(Instant.now().plus(1, ChronoUnit.DAYS)));
            assertThat(later.status()).isEqualTo(202);
            scheduledId = later.body().path("id").asString();
        }

        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        try (var app = start()) {
            assertThat(Files.readString(dataDir.resolve("demo-api-key")).trim()).isEqualTo(key);
            assertThat(api(app, key).state(scheduledId)).isEqualTo("scheduled");
        }
    }
}
