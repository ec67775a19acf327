package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.JobTimedOutException;
import dev.lineup.engine.enqueue.NewJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.lineup.engine.dispatch.TestWorkers.PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run longer than its timeout is interrupted and retried, and leaves its thread ready for
 * the next job; JobRunr's own interrupts keep their meaning (a job deleted while it runs stays
 * deleted; a stopping server hands its job back). Each worker here has one thread, so the job
 * after a hung one runs on the very thread that was interrupted: a leftover interrupt would fail it at once.
 */
@Tag("slow") // waits for handlers to hang past their timeouts
class TimeoutTest extends DispatchTestSupport {

    private LineupBackgroundJobServer server;

    @BeforeEach
    void startWorker() {
        server = startOpenWorker();
    }

    private UUID hang(String name, Duration timeout) {
        return workers.enqueue(new NewJob(
                JobIds.random(),
                new SendSms(PHONE, GatedJobs.HANG + "-" + name),
                Priority.NORMAL,
                "test",
                null,
                2,
                timeout,
                null,
                null,
                List.of()));
    }

    private Job job(UUID id) {
        return storage.getJobById(id);
    }

    @Test
    void aHangingHandlerIsInterruptedAtItsTimeoutAndRetried() {
        UUID id = hang("timeout", Duration.ofSeconds(1));

        await().atMost(PATIENCE)
                .until(() ->
                        job(id).getJobStatesOfType(FailedState.class).findAny().isPresent());

        Job job = job(id);
        List<JobState> history = job.getJobStates();
        FailedState failed =
                job.getJobStatesOfType(FailedState.class).findFirst().orElseThrow();
        assertThat(failed.getExceptionType()).isEqualTo(JobTimedOutException.class.getName());
        assertThat(failed.getExceptionMessage()).isEqualTo("ran longer than PT1S");
        assertThat(failed.getExceptionCauseType()).isNull();
        assertThat(history.get(history.indexOf(failed) + 1)).as("then a retry").isInstanceOf(ScheduledState.class);
        assertThat(workers.jobs.interrupted).contains(GatedJobs.HANG + "-timeout");

        UUID next = workers.enqueue(Priority.CRITICAL, "next");
        await().atMost(PATIENCE).until(() -> state(next).equals("SUCCEEDED"));
    }

    @Test
    void aJobDeletedWhileItHangsIsInterruptedByJobRunrAndStaysDeleted() {
        UUID id = hang("deleted", Duration.ofMinutes(5));
        await().atMost(PATIENCE).until(() -> workers.jobs.started.contains(GatedJobs.HANG + "-deleted"));

        var job = job(id);
        job.delete("cancelled while it ran");
        storage.save(job);

        await().atMost(PATIENCE).until(() -> workers.jobs.interrupted.contains(GatedJobs.HANG + "-deleted"));
        UUID next = workers.enqueue(Priority.CRITICAL, "next");
        await().atMost(PATIENCE).until(() -> state(next).equals("SUCCEEDED"));
        assertThat(state(id)).isEqualTo("DELETED");
        assertThat(job(id).getJobStatesOfType(FailedState.class)).isEmpty();
    }

    @Test
    void aStoppingServerHandsAHangingJobBackInsteadOfFailingIt() {
        UUID id = hang("stopped", Duration.ofMinutes(5));
        await().atMost(PATIENCE).until(() -> workers.jobs.started.contains(GatedJobs.HANG + "-stopped"));

        server.stop();

        assertThat(state(id)).isEqualTo("ENQUEUED");
        FailedState failed =
                job(id).getJobStatesOfType(FailedState.class).findFirst().orElseThrow();
        assertThat(failed.getMessage()).isEqualTo("Handed back: its worker stopped while it ran");
        assertThat(workers.jobs.interrupted).contains(GatedJobs.HANG + "-stopped");
    }
}
