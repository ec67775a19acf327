package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.NewJob;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.ProcessingState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.lineup.engine.dispatch.TestWorkers.PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job whose {@code expiresAt} passed before it could start never runs: it ends DELETED with
 * an {@code Expired:} reason, whether a worker was about to start it or the promoter about to
 * make it ready, and {@code lineup.jobs.expired} counts it.
 */
class DeadlineTest extends DispatchTestSupport {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void openGate() {
        workers.jobs.open();
    }

    private UUID enqueue(String text, Instant runAt, Instant expiresAt) {
        return workers.enqueue(new NewJob(
                JobIds.random(),
                new SendSms(PHONE, text),
                Priority.NORMAL,
                "test",
                runAt,
                null,
                null,
                expiresAt,
                null,
                List.of()));
    }

    private void assertExpired(UUID id, Instant expiresAt) {
        var job = storage.getJobById(id);
        assertThat(job.getJobStatesOfType(ProcessingState.class))
                .as("it never started")
                .isEmpty();
        assertThat(job.<DeletedState>getJobState().getReason())
                .isEqualTo("Expired: expiresAt " + expiresAt + " passed before it started");
    }

    @Test
    void aReadyJobPastItsDeadlineIsDeletedInsteadOfStarted() {
        Instant expiresAt = now.minus(Duration.ofMinutes(1));
        List<UUID> late = List.of(
                enqueue("late-1", null, expiresAt),
                enqueue("late-2", null, expiresAt),
                enqueue("late-3", null, expiresAt));
        UUID onTime = enqueue("on-time", null, now.plus(Duration.ofHours(1)));
        // one thread and no second poll within the test: the first fetch must look past the
        // expired jobs to find the one it can start
        var server = workers.server(1, DispatchProperties.defaults(), Duration.ofHours(1));
        server.start();

        await().atMost(PATIENCE).until(() -> state(onTime).equals("SUCCEEDED"));

        late.forEach(id -> assertExpired(id, expiresAt));
        assertThat(workers.jobs.started).containsExactly("on-time");
        assertThat(workers.expiredCount(SendSms.TYPE.name())).isEqualTo(3);
    }

    @Test
    void aScheduledJobThatExpiresBeforeItFallsDueIsDeletedByThePromoter() {
        Instant expiresAt = now.plus(Duration.ofMinutes(30));
        UUID reminder = enqueue("reminder", now.plus(Duration.ofHours(1)), expiresAt);
        UUID due = enqueue("due", now.plus(Duration.ofHours(1)), null);
        var server = workers.server(1, DispatchProperties.defaults(), Duration.ofSeconds(5));

        // two hours on; before the worker starts, whose startup tasks also rewrite scheduled jobs
        int moved = workers.promoter(server, now.plus(Duration.ofHours(2))).promoteDueJobs();

        assertThat(moved).as("only the job without a deadline became ready").isOne();
        assertExpired(reminder, expiresAt);
        assertThat(workers.expiredCount(SendSms.TYPE.name())).isOne();
        server.start();
        await().atMost(PATIENCE).until(() -> state(due).equals("SUCCEEDED"));
        assertThat(workers.jobs.started).containsExactly("due");
    }
}
