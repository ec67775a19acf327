package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.JobStateWords;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.Attempt;
import dev.lineup.core.run.Attempts;
import dev.lineup.core.run.Snooze;
import dev.lineup.engine.enqueue.NewJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.FailedState;
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
 * A handler's snooze sends its job back to wait without spending an attempt, and its drop ends
 * the job on purpose: on a real worker, through JobRunr's state history.
 */
class SnoozeTest extends DispatchTestSupport {

    private LineupBackgroundJobServer server;

    @BeforeEach
    void startWorker() {
        server = startOpenWorker();
    }

    private UUID enqueue(String text, int maxAttempts) {
        return workers.enqueue(new NewJob(
                JobIds.random(),
                new SendSms(PHONE, text),
                Priority.NORMAL,
                "test",
                null,
                maxAttempts,
                null,
                null,
                null,
                List.of()));
    }

    @Test
    void snoozesLeaveEveryAttemptToTheJob() {
        UUID id = enqueue(GatedJobs.SNOOZE_THEN_POISON, 2);
        var promoter = workers.promoter(server, Instant.now().plus(Duration.ofDays(1)));

        await().atMost(PATIENCE).until(() -> {
            String state = state(id);
            if (state.equals("SCHEDULED")) promoter.promoteDueJobs();
            return state.equals("FAILED");
        });

        Job job = storage.getJobById(id);
        assertThat(workers.jobs.attempts.get(GatedJobs.SNOOZE_THEN_POISON))
                .as("the attempt number each run was told")
                .containsExactly(1, 1, 1, 2);
        assertThat(job.getJobStatesOfType(ProcessingState.class)).hasSize(4);
        assertThat(job.getJobStatesOfType(FailedState.class).filter(f -> Snooze.isSnooze(f.getExceptionType())))
                .hasSize(2);
        assertThat(job.getJobStatesOfType(ScheduledState.class).map(ScheduledState::getReason))
                .containsExactly("Snoozed: test snooze 1", "Snoozed: test snooze 2", "Retry 1 of 1");
        assertThat(Attempts.history(job))
                .as("dead-letter attempts leave the snoozes out")
                .extracting(Attempt::outcome)
                .containsExactly("failed", "failed");
        assertThat(Attempts.started(job)).isEqualTo(2);
        assertThat(jdbc.sql("select " + Attempts.startedSql("jobasjson::jsonb") + " from jobrunr_jobs where id = ?")
                        .param(id.toString())
                        .query(Integer.class)
                        .single())
                .as("counted in SQL")
                .isEqualTo(2);
    }

    @Test
    void aDroppedJobIsDeletedWithItsReason() {
        UUID id = enqueue(GatedJobs.DROP, 3);

        await().atMost(PATIENCE).until(() -> state(id).equals("DELETED"));

        Job job = storage.getJobById(id);
        assertThat(job.<DeletedState>getJobState().getReason()).isEqualTo("Dropped: over the test's cap");
        assertThat(JobStateWords.of(job)).isEqualTo("dropped");
        assertThat(workers.jobs.runs.get(GatedJobs.DROP).get()).isEqualTo(1);
    }
}
