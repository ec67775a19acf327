package dev.lineup.engine.enqueue;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = dev.lineup.engine.EngineTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabase.class)
class EnqueuerTest {

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    JdbcClient jdbc;

    private NewJob sms(UUID id, Priority priority) {
        return new NewJob(id, Examples.sms(), priority, "salon-app", null);
    }

    private long rows(UUID id) {
        return jdbc.sql("select count(*) from jobrunr_jobs where id = ?")
                .param(id.toString())
                .query(Long.class)
                .single();
    }

    @Test
    void storesTheJobWithItsPriorityVisibleToSql() {
        for (Priority priority : Priority.values()) {
            UUID id = JobIds.random();
            enqueuer.enqueue(sms(id, priority));

            Integer rank = jdbc.sql("select lineup_priority from jobrunr_jobs where id = ?")
                    .param(id.toString())
                    .query(Integer.class)
                    .single();
            assertThat(rank).isEqualTo(priority.rank());
        }
    }

    @Test
    void aJobDueLaterIsScheduled() {
        UUID id = JobIds.random();
        var enqueued = enqueuer.enqueue(new NewJob(
                id, Examples.sms(), Priority.HIGH, "salon-app", Instant.now().plus(1, ChronoUnit.HOURS)));

        assertThat(enqueued.job().getState().name()).isEqualTo("SCHEDULED");
        assertThat(jdbc.sql("select state from jobrunr_jobs where id = ?")
                        .param(id.toString())
                        .query(String.class)
                        .single())
                .isEqualTo("SCHEDULED");
    }

    @Test
    void aTakenIdReturnsTheExistingJobInsteadOfASecondOne() {
        UUID id = JobIds.forIdempotencyKey("salon-app", "booking-1:reminder");

        var first = enqueuer.enqueue(sms(id, Priority.HIGH));
        var second = enqueuer.enqueue(new NewJob(id, Examples.plainEmail(), Priority.LOW, "salon-app", null));

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.job().getJobName()).isEqualTo("sms.send");
        assertThat(rows(id)).isOne();
    }

    @Test
    void aBatchStoresNewJobsInOrderAndReturnsExistingOnes() {
        UUID existing = JobIds.forIdempotencyKey("salon-app", "batch-existing");
        enqueuer.enqueue(sms(existing, Priority.NORMAL));
        UUID repeated = JobIds.forIdempotencyKey("salon-app", "batch-repeated");
        UUID fresh = JobIds.random();

        var result = enqueuer.enqueueAll(List.of(
                sms(fresh, Priority.LOW),
                sms(existing, Priority.LOW),
                sms(repeated, Priority.LOW),
                sms(repeated, Priority.LOW)));

        assertThat(result).extracting(r -> r.job().getId()).containsExactly(fresh, existing, repeated, repeated);
        assertThat(result).extracting(Enqueuer.Enqueued::created).containsExactly(true, false, true, false);
        assertThat(rows(repeated)).isOne();
        assertThat(rows(fresh)).isOne();
    }

    @Test
    void idempotencyKeysOfDifferentProducersNameDifferentJobs() {
        assertThat(JobIds.forIdempotencyKey("a", "k")).isNotEqualTo(JobIds.forIdempotencyKey("b", "k"));
        assertThat(JobIds.forIdempotencyKey("a", "k")).isEqualTo(JobIds.forIdempotencyKey("a", "k"));
    }
}
