package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.engine.enqueue.NewJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.lineup.engine.dispatch.TestWorkers.PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures on a real worker: transient ones are retried after a jittered wait until the job's
 * attempts are used up, permanent ones end the job at once. Retries are made due by a promoter
 * whose clock stands a day ahead, so no test waits through a backoff.
 */
class RetryTest extends DispatchTestSupport {

    private LineupBackgroundJobServer server;

    @BeforeEach
    void startWorker() {
        server = startOpenWorker();
    }

    private static NewJob sms(String text, Integer maxAttempts) {
        return new NewJob(
                JobIds.random(),
                new SendSms(PHONE, text),
                Priority.NORMAL,
                "test",
                null,
                maxAttempts,
                null,
                null,
                null,
                List.of());
    }

    private Job job(UUID id) {
        return storage.getJobById(id);
    }

    @Test
    void aPoisonJobEndsFailedAfterExactlyItsAttemptsWithEveryWaitInsideItsJitter() {
        UUID id = workers.enqueue(sms(GatedJobs.POISON, 4));
        var tomorrow = workers.promoter(server, Instant.now().plus(Duration.ofDays(1)));

        await().atMost(PATIENCE).until(() -> {
            String state = state(id);
            if (state.equals("SCHEDULED")) tomorrow.promoteDueJobs();
            return state.equals("FAILED");
        });

        Job job = job(id);
        assertThat(job.getJobStatesOfType(ProcessingState.class)).hasSize(4);
        assertThat(job.getJobStatesOfType(FailedState.class))
                .hasSize(4)
                .allSatisfy(failed -> assertThat(failed.getExceptionMessage()).startsWith("poisoned"));
        assertThat(workers.jobs.runs.get(GatedJobs.POISON)).hasValue(4);
        List<JobState> history = job.getJobStates();
        int failedAttempt = 0;
        for (int i = 0; i < history.size(); i++) {
            if (!(history.get(i) instanceof FailedState failed)) continue;
            failedAttempt++;
            if (failedAttempt == 4) {
                assertThat(i).as("the last failure ends the job").isEqualTo(history.size() - 1);
                break;
            }
            assertThat(history.get(i + 1)).as("after attempt %d", failedAttempt).isInstanceOf(ScheduledState.class);
            long waited = Duration.between(
                            failed.getCreatedAt(), ((ScheduledState) history.get(i + 1)).getScheduledAt())
                    .toSeconds();
            assertThat(waited)
                    .as("wait after attempt %d", failedAttempt)
                    .isBetween(
                            0L, SendSms.TYPE.retry().ceilingAfter(failedAttempt).toSeconds());
        }
    }

    @Test
    void aPermanentFailureSkipsTheRetries() {
        UUID id = workers.enqueue(sms(GatedJobs.PERMANENT, 4));

        await().atMost(PATIENCE).until(() -> state(id).equals("FAILED"));

        Job job = job(id);
        assertThat(job.getJobStatesOfType(ProcessingState.class)).hasSize(1);
        assertThat(job.getJobStatesOfType(ScheduledState.class)).isEmpty();
        assertThat(job.getJobStatesOfType(FailedState.class))
                .singleElement()
                .satisfies(failed -> assertThat(failed.getExceptionType()).isEqualTo(PermanentFailure.class.getName()));
    }

    @Test
    void aStoredPayloadThatNoLongerValidatesFailsForGoodNamingTheField() {
        // stored the way an older version of the record's rules would have let it through
        var job = new Job(JobIds.random(), new JobDetails(new SendSms("0800 LINEUP", "invalid")), new EnqueuedState());
        job.setJobName(SendSms.TYPE.name());
        job.setLabels(new JobLabels(SendSms.TYPE.name(), Priority.NORMAL, "test").asList());
        job.setAmountOfRetries(5);
        storage.save(job);

        await().atMost(PATIENCE).until(() -> state(job.getId()).equals("FAILED"));

        Job failed = job(job.getId());
        assertThat(failed.getJobStatesOfType(ProcessingState.class)).hasSize(1);
        assertThat(failed.getJobStatesOfType(FailedState.class)).singleElement().satisfies(state -> {
            assertThat(state.getExceptionType()).isEqualTo(PermanentFailure.class.getName());
            assertThat(state.getExceptionMessage()).contains("to: must be an E.164 phone number");
        });
        assertThat(workers.jobs.started).as("the handler never saw it").isEmpty();
    }
}
