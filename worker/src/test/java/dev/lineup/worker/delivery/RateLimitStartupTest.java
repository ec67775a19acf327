package dev.lineup.worker.delivery;

import dev.lineup.core.job.Priority;
import dev.lineup.core.run.RunContext;
import dev.lineup.testing.TestRedis;
import dev.lineup.worker.WorkerStartup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The send-rate settings as the worker reads them at startup. */
@Tag("slow") // starts a whole worker per case
class RateLimitStartupTest {

    @Test
    void aMalformedRateStopsTheWorkerAndNamesItsVariable() {
        assertThat(WorkerStartup.failure("--lineup.worker.rate-limits.sms-per-sender=1 per second"))
                .contains("LINEUP_SMS_RATE_PER_SENDER")
                .contains("'1 per second' is not a rate; write <permits>/<duration> such as 1/1s, 600/1m or 5000/1d");
    }

    @Test
    void aRedisUrlLettuceCannotReadNamesItsVariableButNotItsPassword() {
        assertThat(WorkerStartup.failure("--lineup.worker.rate-limits.redis-url=redis-host:6379?password=hunter2"))
                .contains(
                        "LINEUP_REDIS_URL (lineup.worker.rate-limits.redis-url) is not a Redis URL; write redis://host:6379")
                .doesNotContain("hunter2");
    }

    @Test
    void noWorkersToShareTheRatesIsRefused() {
        assertThat(WorkerStartup.failure("--lineup.worker.rate-limits.workers=0"))
                .contains("set LINEUP_RATE_LIMIT_WORKERS to the number of worker processes");
    }

    @Test
    void theWorkerStartsWhenRedisIsNotThereAndLimitsItselfMeanwhile() {
        try (ConfigurableApplicationContext worker = WorkerStartup.start(
                "--lineup.worker.rate-limits.redis-url=redis://127.0.0.1:" + TestRedis.freePort())) {
            ClusterRateLimits limits = worker.getBean(ClusterRateLimits.class);
            Outgoing sms = new Outgoing(Channel.SMS, "sandbox", "+14155550100", "+14155550199", ZoneId.of("UTC"));

            assertThat(limits.reserve(sms, run()))
                    .as("the first message goes at once")
                    .isEmpty();
            assertThat(limits.reserve(sms, run()))
                    .as("the default 1/1s per sender holds without Redis")
                    .isPresent();
            assertThat(limits.usingRedis()).isFalse();
        }
    }

    private static RunContext run() {
        return new RunContext(UUID.randomUUID(), "salon-bella", Priority.NORMAL, 1);
    }
}
