package dev.lineup.worker;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.worker.webhook.TestWebhookServer;
import dev.lineup.worker.webhook.TestWebhookServer.Answer;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs enqueued the way the API does, run by the worker's real JobRunr server. */
@Tag("slow") // waits for real retries through the whole worker
@WorkerTest
class WorkerQueueTest {

    /** Generous: the server polls every 5 s, and a retry waits for a poll too. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final TestWebhookServer app = TestWebhookServer.start();

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    StorageProvider storage;

    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stopApp() {
        app.close();
    }

    private UUID enqueue(LineupJob payload) {
        UUID id = JobIds.random();
        enqueuer.enqueue(new NewJob(id, payload, Priority.NORMAL, "salon-app", null));
        return id;
    }

    private StateName state(UUID id) {
        return storage.getJobById(id).getState();
    }

    private List<Map<String, Object>> sandboxRows(UUID jobId) {
        return jdbc.sql("select channel, recipient, subject, body from lineup_sandbox_messages where job_id = ?")
                .param(jobId)
                .query()
                .listOfRows();
    }

    @Test
    void aJobOfEveryTypeRunsToSuccess() {
        app.on("/hooks/cleanup", request -> Answer.of(200));
        UUID sms = enqueue(Examples.sms());
        UUID templatedEmail = enqueue(Examples.templatedEmail());
        UUID plainEmail = enqueue(Examples.plainEmail());
        UUID webhook = enqueue(Examples.webhook(app.url("/hooks/cleanup")));
        UUID report = enqueue(Examples.report());
        List<UUID> all = List.of(sms, templatedEmail, plainEmail, webhook, report);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(all)
                .allSatisfy(id -> assertThat(state(id)).isEqualTo(StateName.SUCCEEDED)));

        assertThat(sandboxRows(sms)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("channel", "sms").containsEntry("recipient", "+14155550123");
            assertThat(row).containsEntry("body", "Your code is 481516");
        });
        assertThat(sandboxRows(templatedEmail)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("channel", "email").containsEntry("recipient", "ada@example.com");
            assertThat(row).containsEntry("subject", "Reminder: your appointment at Fade & Co, Tue 10:30");
        });
        assertThat(sandboxRows(plainEmail)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("subject", "See you tomorrow")
                .containsEntry("body", "Your haircut is at 10:30."));
        assertThat(sandboxRows(report)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("channel", "email").containsEntry("recipient", "ops@example.com");
            assertThat(row).containsEntry("subject", "Lineup daily report for 2026-11-22");
        });
        assertThat(app.requests("/hooks/cleanup")).singleElement().satisfies(request -> assertThat(
                        request.header("X-Lineup-Job-Id"))
                .isEqualTo(webhook.toString()));
    }

    @Test
    void aWebhookAnswering503IsRetriedUntilItSucceeds() {
        var calls = new AtomicInteger();
        app.on("/hooks/flaky", request -> Answer.of(calls.incrementAndGet() == 1 ? 503 : 200));

        UUID id = enqueue(Examples.webhook(app.url("/hooks/flaky")));

        await().atMost(PATIENCE).until(() -> state(id) == StateName.SUCCEEDED);
        assertThat(app.requests("/hooks/flaky")).hasSize(2).allSatisfy(request -> assertThat(
                        request.header("X-Lineup-Job-Id"))
                .isEqualTo(id.toString()));
        assertThat(storage.getJobById(id).getJobStates())
                .extracting(JobState::getName)
                .containsSubsequence(
                        StateName.FAILED,
                        StateName.SCHEDULED,
                        StateName.ENQUEUED,
                        StateName.PROCESSING,
                        StateName.SUCCEEDED);
    }

    @Test
    void aWebhookAnswering400FailsAtOnceWithoutRetrying() {
        app.on("/hooks/wrong", request -> new Answer(400, "unknown task"));

        UUID id = enqueue(Examples.webhook(app.url("/hooks/wrong")));

        await().atMost(PATIENCE).until(() -> state(id) == StateName.FAILED);
        Job job = storage.getJobById(id);
        List<StateName> history =
                job.getJobStates().stream().map(JobState::getName).toList();
        assertThat(history.subList(history.indexOf(StateName.FAILED), history.size()))
                .containsExactly(StateName.FAILED);
        assertThat(app.requests("/hooks/wrong")).hasSize(1);
        assertThat(job.<FailedState>getJobState().getExceptionMessage())
                .isEqualTo("webhook answered 400 Bad Request: unknown task");
    }

    @Test
    void aWebhookToAnInternalAddressFailsAtOnceWithTheReason() {
        // 127.0.0.2 is loopback but outside what the test allows (127.0.0.1/32): refused before connecting
        UUID id = enqueue(Examples.webhook("http://127.0.0.2:" + app.port() + "/hooks/cleanup"));

        await().atMost(PATIENCE).until(() -> state(id) == StateName.FAILED);
        Job job = storage.getJobById(id);
        List<StateName> history =
                job.getJobStates().stream().map(JobState::getName).toList();
        assertThat(history.subList(history.indexOf(StateName.FAILED), history.size()))
                .containsExactly(StateName.FAILED);
        assertThat(job.<FailedState>getJobState().getExceptionMessage())
                .startsWith("webhook refused: 127.0.0.2 is a loopback address");
    }
}
