package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.Attempt;
import dev.lineup.core.run.Attempts;
import dev.lineup.core.run.Snooze;
import dev.lineup.engine.enqueue.NewJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.lineup.engine.dispatch.TestWorkers.PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping a worker costs no attempt: the jobs still running when its stop grace ends are handed
 * back to the ready set the moment it stops, and another worker runs them as their first attempt
 * — even jobs allowed a single attempt, which a failed state would have made dead letters.
 */
class StopHandBackTest extends DispatchTestSupport {

    private UUID enqueueSingleAttempt(String text) {
        return workers.enqueue(new NewJob(
                JobIds.random(),
                new SendSms(PHONE, text),
                Priority.HIGH,
                "test",
                null,
                1,
                null,
                null,
                null,
                List.of()));
    }

    @Test
    void jobsLongerThanTheGraceGoBackToTheReadySetWithoutSpendingAnAttempt() {
        // the gate stays shut: both jobs run past the stop grace (1 s here)
        var stopping = workers.server(2, DispatchProperties.defaults(), Duration.ofSeconds(5));
        stopping.start();
        workers.listen(stopping);
        UUID first = enqueueSingleAttempt("long-1");
        UUID second = enqueueSingleAttempt("long-2");
        await().atMost(PATIENCE).until(() -> workers.jobs.started.size() == 2);

        stopping.stop();

        for (UUID id : List.of(first, second)) {
            assertThat(state(id))
                    .as("back in the ready set as the stop returns")
                    .isEqualTo("ENQUEUED");
            Job job = storage.getJobById(id);
            List<JobState> history = job.getJobStates();
            FailedState handedBack =
                    job.getJobStatesOfType(FailedState.class).findFirst().orElseThrow();
            assertThat(Snooze.isSnooze(handedBack.getExceptionType()))
                    .as("the failure only marks the hand-back")
                    .isTrue();
            assertThat(handedBack.getMessage()).isEqualTo("Handed back: its worker stopped while it ran");
            assertThat(history.get(history.size() - 1)).isInstanceOf(EnqueuedState.class);
            assertThat(Attempts.failed(job)).isZero();
            assertThat(Attempts.history(job)).extracting(Attempt::outcome).doesNotContain("failed");
        }
        assertThat(workers.jobs.interrupted).containsExactlyInAnyOrder("long-1", "long-2");

        workers.jobs.open();
        var next = workers.server(2, DispatchProperties.defaults(), Duration.ofSeconds(5));
        next.start();
        workers.listen(next);

        await().atMost(PATIENCE)
                .until(() -> state(first).equals("SUCCEEDED") && state(second).equals("SUCCEEDED"));
        assertThat(workers.jobs.attempts.get("long-1"))
                .as("both runs were the first attempt")
                .containsExactly(1, 1);
        assertThat(workers.jobs.attempts.get("long-2")).containsExactly(1, 1);
        assertThat(jdbc.sql("select count(*) from jobrunr_jobs where state = 'FAILED'")
                        .query(Integer.class)
                        .single())
                .as("no dead letters")
                .isZero();
    }
}
