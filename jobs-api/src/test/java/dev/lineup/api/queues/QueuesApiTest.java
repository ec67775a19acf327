package dev.lineup.api.queues;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class QueuesApiTest extends ApiTestSupport {

    @Test
    void listsTheFourQueuesWithWhatWaits() {
        post("/api/v1/jobs", SALON, """
                {"type": "sms.send", "priority": "critical", "payload": {"to": "+14155550123", "text": "Payment failed"}}""");

        // the numbers are at most two seconds old
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var queues = get("/api/v1/queues", SALON).json().path("queues");
            assertThat(queues).extracting(q -> q.path("priority").asString()).containsExactly("critical", "high", "normal", "low");
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
        assertThat(metrics.body()).contains("lineup_queue_jobs{priority=\"critical\",state=\"waiting\"}")
                .contains("lineup_queue_oldest_waiting_seconds{priority=\"low\"}");
    }
}
