package dev.lineup.engine.queue;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabase.class)
class QueueStatsTest {

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry registry;

    private UUID enqueue(Priority priority, Instant runAt) {
        UUID id = JobIds.random();
        enqueuer.enqueue(new NewJob(id, Examples.sms(), priority, "salon", runAt));
        return id;
    }

    @Test
    void countsWaitingScheduledAndRunningJobsPerPriorityAndTheOldestWait() {
        jdbc.sql("delete from jobrunr_jobs").update();
        UUID oldestHigh = enqueue(Priority.HIGH, null);
        enqueue(Priority.HIGH, null);
        enqueue(Priority.LOW, Instant.now().plus(1, ChronoUnit.DAYS));
        UUID running = enqueue(Priority.CRITICAL, null);
        jdbc.sql("update jobrunr_jobs set state = 'PROCESSING' where id = ?")
                .param(running.toString())
                .update();
        jdbc.sql("update jobrunr_jobs set updatedat = timezone('utc', now()) - interval '90 seconds' where id = ?")
                .param(oldestHigh.toString())
                .update();

        var snapshot = new QueueStats(jdbc, Clock.offset(Clock.systemUTC(), Duration.ZERO)).snapshot();

        assertThat(snapshot.of(Priority.HIGH).waiting()).isEqualTo(2);
        assertThat(snapshot.of(Priority.HIGH).oldestWaiting())
                .isBetween(Duration.ofSeconds(90), Duration.ofMinutes(10));
        assertThat(snapshot.of(Priority.LOW).scheduled()).isEqualTo(1);
        assertThat(snapshot.of(Priority.LOW).waiting()).isZero();
        assertThat(snapshot.of(Priority.LOW).oldestWaiting()).isZero();
        assertThat(snapshot.of(Priority.CRITICAL).running()).isEqualTo(1);
        assertThat(snapshot.of(Priority.NORMAL))
                .isEqualTo(new QueueStats.Queue(Priority.NORMAL, 0, 0, 0, Duration.ZERO));
    }

    @Test
    void readsTheDatabaseAtMostOnceInAWhile() {
        var clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        var stats = new QueueStats(jdbc, clock);
        var first = stats.snapshot();
        enqueue(Priority.NORMAL, null);

        assertThat(stats.snapshot()).isSameAs(first);
        clock.now = clock.now.plus(QueueStats.MAX_AGE).plusMillis(1);
        assertThat(stats.snapshot()).isNotSameAs(first);
    }

    @Test
    void publishesTheQueuesAsGauges() {
        assertThat(registry.get("lineup.queue.jobs")
                        .tags("priority", "critical", "state", "waiting")
                        .gauge())
                .isNotNull();
        assertThat(registry.get("lineup.queue.oldest.waiting")
                        .tags("priority", "low")
                        .gauge()
                        .value())
                .isNotNegative();
        assertThat(registry.get("lineup.job.start.latency")
                        .tags("priority", "high")
                        .timer())
                .isNotNull();
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
