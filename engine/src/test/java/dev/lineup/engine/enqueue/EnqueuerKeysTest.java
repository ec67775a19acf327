package dev.lineup.engine.enqueue;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.testing.TestDatabase;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the enqueuer keeps beside a job — its key, tags and idempotency key — is stored with it or not at all. */
@SpringBootTest(classes = dev.lineup.engine.EngineTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabase.class)
class EnqueuerKeysTest {

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    StorageProvider storage;

    @Autowired
    JdbcClient jdbc;

    private static NewJob sms(String key, List<String> tags, String idempotencyKey, boolean replace) {
        UUID id = idempotencyKey == null ? JobIds.random() : JobIds.forIdempotencyKey("salon", idempotencyKey);
        return new NewJob(
                id, Examples.sms(), Priority.HIGH, "salon", null, null, null, null, key, tags, idempotencyKey, replace);
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void theKeyTagsAndIdempotencyKeyAreStoredWithTheJob() {
        NewJob job = sms(
                "booking-1:reminder", List.of("booking:1", "customer:9", "booking:1"), "booking-1:reminder:try", false);

        var enqueued = enqueuer.enqueue(job);

        assertThat(enqueued.created()).isTrue();
        assertThat(jdbc.sql(
                                "select job_id from lineup_job_keys where producer = 'salon' and key = 'booking-1:reminder'")
                        .query(UUID.class)
                        .single())
                .isEqualTo(job.id());
        assertThat(jdbc.sql("select tag from lineup_job_tags where job_id = ? order by tag")
                        .param(job.id())
                        .query(String.class)
                        .list())
                .containsExactly("booking:1", "customer:9");
        assertThat(jdbc.sql(
                                "select job_id from lineup_idempotency_keys where producer = 'salon' and key = 'booking-1:reminder:try'")
                        .query(UUID.class)
                        .single())
                .isEqualTo(job.id());
    }

    @Test
    void whenATagCannotBeWrittenNothingIsStored() {
        // PostgreSQL refuses a NUL character in text: the tags are written last, after the job
        NewJob job = sms("booking-2:reminder", List.of("booking:2", "bad\u0000tag"), "booking-2:reminder:try", false);

        assertThatThrownBy(() -> enqueuer.enqueue(job)).isInstanceOf(DataAccessException.class);

        assertThat(count(
                        "select count(*) from jobrunr_jobs where id = ?",
                        job.id().toString()))
                .isZero();
        assertThat(count("select count(*) from lineup_job_tags where job_id = ?", job.id()))
                .isZero();
        assertThat(count("select count(*) from lineup_job_keys where key = 'booking-2:reminder'"))
                .isZero();
        assertThat(count("select count(*) from lineup_idempotency_keys where key = 'booking-2:reminder:try'"))
                .isZero();
    }

    @Test
    void anIdempotencyKeyStillNamesItsJobOnceTheRowIsGone() {
        NewJob job = sms(null, List.of(), "booking-3:confirmation", false);
        enqueuer.enqueue(job);
        jdbc.sql("delete from jobrunr_jobs where id = ?")
                .param(job.id().toString())
                .update();

        var repeat = enqueuer.enqueue(sms(null, List.of(), "booking-3:confirmation", false));

        assertThat(repeat.created()).isFalse();
        assertThat(repeat.purged()).isTrue();
        assertThat(repeat.id()).isEqualTo(job.id());
        assertThat(count(
                        "select count(*) from jobrunr_jobs where id = ?",
                        job.id().toString()))
                .isZero();
    }

    @Test
    void replacingCancelsTheWaitingJobAndSaysWhy() {
        NewJob first = sms("booking-4:reminder", List.of(), null, false);
        enqueuer.enqueue(first);
        NewJob second = sms("booking-4:reminder", List.of(), null, true);

        enqueuer.enqueue(second);

        JobState replaced = storage.getJobById(first.id()).getJobState();
        assertThat(replaced).isInstanceOf(DeletedState.class);
        assertThat(((DeletedState) replaced).getReason()).contains(second.id().toString(), "booking-4:reminder");
    }

    @Test
    void aConflictInAListSaysWhichJobAndStoresNone() {
        NewJob existing = sms("booking-5:reminder", List.of(), null, false);
        enqueuer.enqueue(existing);
        NewJob fresh = sms("booking-5:other", List.of("booking:5"), null, false);
        NewJob clashing = sms("booking-5:reminder", List.of(), null, false);

        assertThatThrownBy(() -> enqueuer.enqueueAll(List.of(fresh, clashing)))
                .isInstanceOfSatisfying(KeyConflict.class, conflict -> {
                    assertThat(conflict.index()).isEqualTo(1);
                    assertThat(conflict.jobId()).isEqualTo(existing.id());
                    assertThat(conflict.running()).isFalse();
                });
        assertThat(count(
                        "select count(*) from jobrunr_jobs where id = ?",
                        fresh.id().toString()))
                .isZero();
        assertThat(count("select count(*) from lineup_job_keys where key = 'booking-5:other'"))
                .isZero();
    }
}
