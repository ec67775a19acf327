package dev.lineup.api.queues;

import dev.lineup.api.ApiTestSupport;
import dev.lineup.api.deadletters.DeadLetterFixtures;
import dev.lineup.core.catalog.Examples;
import dev.lineup.engine.enqueue.Enqueuer;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class QueuesApiTest extends ApiTestSupport {

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    StorageProvider storage;

    @Test
    void listsTheFourQueuesWithWhatWaits() {
        post("/api/v1/jobs", SALON, """
                {"type": "sms.send", "priority": "critical", "payload": {"to": "+14155550123", "text": "Payment failed"}}""");

        // the numbers are at most two seconds old
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var queues = get("/api/v1/queues", SALON).json().path("queues");
            assertThat(queues)
                    .extracting(q -> q.path("priority").asString())
                    .containsExactly("critical", "high", "normal", "low");
            assertThat(queues.get(0).path("waiting").asLong()).isPositive();
            assertThat(queues.get(0).has("scheduled")).isTrue();
            assertThat(queues.get(0).has("running")).isTrue();
            assertThat(queues.get(0).path("oldestWaitingSeconds").asDouble()).isNotNegative();
        });
    }

    @Test
    void needsAnApiKey() {
        assertProblem(get("/api/v1/queues", null), 401, "unauthorized");
    }

    @Test
    void theSameNumbersArePrometheusGauges() {
        var metrics = get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("lineup_queue_jobs{priority=\"critical\",state=\"waiting\"}")
                .contains("lineup_queue_oldest_waiting_seconds{priority=\"low\"}");
    }

    @Test
    void deadLettersPerTypeOfTheWholeClusterAreListedAndGauged() {
        var fixtures = new DeadLetterFixtures(enqueuer, storage, jdbc);
        fixtures.clear();
        Instant failedAt = Instant.parse("2026-11-20T09:00:00Z");
        fixtures.deadLetter("salon", Examples.sms(), failedAt);
        fixtures.deadLetter("clinic", Examples.sms(), failedAt);
        fixtures.deadLetter("clinic", Examples.plainEmail(), failedAt);

        // at most two seconds old, like the queues
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var deadLetters = get("/api/v1/queues", SALON).json().path("deadLetters");
            assertThat(deadLetters.propertyNames())
                    .containsExactly("email.send", "sms.send", "webhook.call", "report.daily");
            assertThat(deadLetters.path("sms.send").asLong()).isEqualTo(2);
            assertThat(deadLetters.path("email.send").asLong()).isEqualTo(1);
            assertThat(deadLetters.path("webhook.call").asLong()).isZero();
            assertThat(deadLetters.path("report.daily").asLong()).isZero();
        });
        assertThat(get("/actuator/prometheus", null).body())
                .contains("lineup_dead_letters{type=\"sms.send\"} 2.0")
                .contains("lineup_dead_letters{type=\"email.send\"} 1.0")
                .contains("lineup_dead_letters{type=\"report.daily\"} 0.0");
    }
}
