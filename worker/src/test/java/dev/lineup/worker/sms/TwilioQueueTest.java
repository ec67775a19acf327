package dev.lineup.worker.sms;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.testing.TestDatabase;
import dev.lineup.worker.WorkerApplication;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.lineup.worker.sms.FakeTwilio.ACCOUNT_SID;
import static dev.lineup.worker.sms.FakeTwilio.AUTH_TOKEN;
import static dev.lineup.worker.sms.FakeTwilio.FROM;
import static dev.lineup.worker.sms.FakeTwilio.MESSAGES;
import static dev.lineup.worker.sms.FakeTwilio.created;
import static dev.lineup.worker.sms.FakeTwilio.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sms.send} jobs run by the worker's real job server with {@code provider=twilio},
 * against a fake of Twilio's REST API. Its own context (Twilio instead of the sandbox), closed
 * after the class so its job server does not keep polling.
 */
@SpringBootTest(
        classes = WorkerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "server.address=127.0.0.1",
            "lineup.worker.sms.provider=twilio",
            "lineup.worker.sms.twilio.account-sid=" + ACCOUNT_SID,
            "lineup.worker.sms.twilio.auth-token=" + AUTH_TOKEN,
            "lineup.worker.sms.twilio.from=" + FROM
        })
@Tag("slow") // waits for real retries through the whole worker
@ContextConfiguration(initializers = TestDatabase.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TwilioQueueTest {

    /** Generous: the server polls every 5 s, and a retry waits for its backoff and a poll. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final FakeTwilio twilio = new FakeTwilio();

    @DynamicPropertySource
    static void twilioUrl(DynamicPropertyRegistry registry) {
        registry.add("lineup.worker.sms.twilio.base-url", twilio::baseUrl);
    }

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    StorageProvider storage;

    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stopTwilio() {
        twilio.close();
    }

    /** High priority: quiet hours must not hold the message back. */
    private UUID enqueue(String to) {
        UUID id = JobIds.random();
        enqueuer.enqueue(new NewJob(id, new SendSms(to, "Your code is 481516"), Priority.HIGH, "salon-app", null));
        return id;
    }

    private StateName state(UUID id) {
        return storage.getJobById(id).getState();
    }

    /** How many times a worker started the job (a run that snoozed for the send rate counts too). */
    private long runs(UUID id) {
        return storage.getJobById(id).getJobStatesOfType(ProcessingState.class).count();
    }

    private int sendsTo(String to) {
        return twilio.find(postRequestedFor(urlPathEqualTo(MESSAGES)).withFormParam("To", equalTo(to)))
                .size();
    }

    @Test
    void aNumberTwilioRefusesIsADeadLetterAfterOnePost() {
        String to = "+14155550201";
        twilio.stub(post(urlPathEqualTo(MESSAGES))
                .withFormParam("To", equalTo(to))
                .willReturn(error(400, 21211, "The 'To' number " + to + " is not a valid phone number.")));

        UUID id = enqueue(to);

        await().atMost(PATIENCE).until(() -> state(id) == StateName.FAILED);
        Job job = storage.getJobById(id);
        List<StateName> history =
                job.getJobStates().stream().map(JobState::getName).toList();
        assertThat(history.subList(history.indexOf(StateName.FAILED), history.size()))
                .containsExactly(StateName.FAILED);
        assertThat(job.<FailedState>getJobState().getExceptionMessage())
                .isEqualTo("Twilio refused the message to " + to + ": answered 400, error 21211: The 'To' number " + to
                        + " is not a valid phone number. https://www.twilio.com/docs/errors/21211");
        assertThat(sendsTo(to)).isEqualTo(1);
    }

    @Test
    void aMessageTwilioCannotTakeAtFirstIsSentOnTheRetry() {
        String to = "+14155550202";
        twilio.stub(post(urlPathEqualTo(MESSAGES))
                .withFormParam("To", equalTo(to))
                .inScenario("busy then fine")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("fine")
                .willReturn(error(503, 20503, "Service Unavailable")));
        twilio.stub(post(urlPathEqualTo(MESSAGES))
                .withFormParam("To", equalTo(to))
                .inScenario("busy then fine")
                .whenScenarioStateIs("fine")
                .willReturn(created("SM0123456789abcdef0123456789abcdef", to)));

        UUID id = enqueue(to);

        await().atMost(PATIENCE).until(() -> state(id) == StateName.SUCCEEDED);
        assertThat(storage.getJobById(id).getJobStates())
                .extracting(JobState::getName)
                .containsSubsequence(
                        StateName.FAILED,
                        StateName.SCHEDULED,
                        StateName.ENQUEUED,
                        StateName.PROCESSING,
                        StateName.SUCCEEDED);
        assertThat(sendsTo(to)).isEqualTo(2);
    }

    @Test
    void aJobRunAgainAfterTwilioAcceptedItsMessageDoesNotSendItAgain() {
        String to = "+14155550203";
        twilio.stub(post(urlPathEqualTo(MESSAGES))
                .withFormParam("To", equalTo(to))
                .willReturn(created("SM00000000000000000000000000000203", to)));
        UUID id = enqueue(to);
        await().atMost(PATIENCE).until(() -> state(id) == StateName.SUCCEEDED);

        // as after a crash that lost the job's success, or an operator's requeue: it runs again
        Job job = storage.getJobById(id);
        long runs = runs(id);
        job.enqueue();
        storage.save(job);
        await().atMost(PATIENCE).until(() -> runs(id) > runs && state(id) == StateName.SUCCEEDED);

        assertThat(sendsTo(to)).as("the send ledger said sent").isEqualTo(1);
        assertThat(jdbc.sql("select state, provider, provider_message_id from lineup_send_ledger where job_id = ?")
                        .param(id)
                        .query()
                        .singleRow())
                .containsEntry("state", "sent")
                .containsEntry("provider", "twilio")
                .containsEntry("provider_message_id", "SM00000000000000000000000000000203");
    }
}
