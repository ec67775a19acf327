package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.NewJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.storage.Paging;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ready jobs wake idle workers through PostgreSQL notifications; the poll is only the safety
 * net. The servers here poll once an hour, so a job that starts within the test's patience was
 * started by a notification (or by the listener catching up after it reconnected).
 */
@Tag("slow") // waits on polls and notifications of running job servers
class InstantDispatchTest extends DispatchTestSupport {

    private static final Duration RARE_POLL = Duration.ofHours(1);

    @BeforeEach
    void openGate() {
        workers.jobs.open();
    }

    private LineupBackgroundJobServer idleServerThatPollsRarely() {
        var server = workers.server(2, DispatchProperties.defaults(), RARE_POLL);
        server.start();
        // the server's own first look for work happens a second after it starts; after that,
        // only notifications and finished jobs make it look again within the test
        await().atMost(PATIENCE).until(() -> server.polls() >= 1);
        return server;
    }

    @Test
    void anEnqueueWakesAnIdleWorker() {
        var server = idleServerThatPollsRarely();
        var listener = workers.listen(server);
        await().atMost(PATIENCE).until(listener::isListening);

        UUID id = workers.enqueue(Priority.NORMAL, "woken");

        await().atMost(PATIENCE).until(() -> state(id).equals("SUCCEEDED"));
        assertThat(listener.wakeUps()).isGreaterThan(1);
    }

    @Test
    void aDroppedListenConnectionIsMadeAgainAndNothingIsLost() {
        var server = idleServerThatPollsRarely();
        var listener = workers.listen(server);
        await().atMost(PATIENCE).until(listener::isListening);

        jdbc.sql("select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?")
                .param(ReadyJobsListener.APPLICATION_NAME)
                .query(Boolean.class)
                .list();
        UUID whileDown = workers.enqueue(Priority.HIGH, "while-down");

        await().atMost(PATIENCE).until(() -> listener.reconnects() == 1 && listener.isListening());
        await().atMost(PATIENCE).until(() -> state(whileDown).equals("SUCCEEDED"));
        UUID afterwards = workers.enqueue(Priority.HIGH, "afterwards");
        await().atMost(PATIENCE).until(() -> state(afterwards).equals("SUCCEEDED"));
    }

    @Test
    void withoutNotificationsTheWorkerStillPolls() {
        var server = workers.server(2, DispatchProperties.defaults(), Duration.ofSeconds(5));
        server.start();

        UUID id = workers.enqueue(Priority.LOW, "polled");

        await().atMost(PATIENCE).until(() -> state(id).equals("SUCCEEDED"));
    }

    @Test
    void dueScheduledJobsAreMovedToTheReadySetByTheMaster() {
        var server = idleServerThatPollsRarely();
        var listener = workers.listen(server);
        await().atMost(PATIENCE).until(() -> listener.isListening() && server.isMaster());
        UUID id = JobIds.random();
        enqueuer.enqueue(new NewJob(
                id,
                new SendSms("+14155550123", "reminder"),
                Priority.NORMAL,
                "test",
                Instant.now().plusSeconds(3600)));
        assertThat(state(id)).isEqualTo("SCHEDULED");

        // an hour later, as the promoter's clock sees it
        var promoter = workers.promoter(server, Instant.now().plusSeconds(3601));
        assertThat(promoter.promoteDueJobs()).isEqualTo(1);

        await().atMost(PATIENCE).until(() -> state(id).equals("SUCCEEDED"));
    }

    @Test
    void jobRunrsOwnLookAheadNeverStartsAScheduledJobEarly() {
        UUID id = JobIds.random();
        enqueuer.enqueue(new NewJob(
                id,
                new SendSms("+14155550123", "reminder"),
                Priority.NORMAL,
                "test",
                Instant.now().plusSeconds(3600)));

        // JobRunr's master asks for the jobs due before the end of its next poll
        assertThat(storage.getScheduledJobs(Instant.now().plusSeconds(7200), Paging.AmountBasedList.ascOnUpdatedAt(10)))
                .as("not due yet, however far ahead JobRunr looks")
                .isEmpty();
        assertThat(storage.getScheduledJobs(Instant.now().minusSeconds(1), Paging.AmountBasedList.ascOnUpdatedAt(10)))
                .isEmpty();
        assertThat(((PriorityStorageProvider) storage)
                        .getDueJobs(Instant.now().plusSeconds(3601), Paging.AmountBasedList.ascOnUpdatedAt(10)))
                .extracting(Job::getId)
                .containsExactly(id);
    }
}
