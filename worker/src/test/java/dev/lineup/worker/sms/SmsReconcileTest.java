package dev.lineup.worker.sms;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.testing.TestDatabase;
import dev.lineup.worker.WorkerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.lineup.worker.sms.FakeTwilio.ACCOUNT_SID;
import static dev.lineup.worker.sms.FakeTwilio.AUTH_TOKEN;
import static dev.lineup.worker.sms.FakeTwilio.FROM;
import static dev.lineup.worker.sms.FakeTwilio.MESSAGES;
import static dev.lineup.worker.sms.FakeTwilio.created;
import static dev.lineup.worker.sms.FakeTwilio.listed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a worker died with SMS in flight, their jobs run again and find their send claims left
 * at {@code sending}, older than the in-flight window. Each first asks the fake Twilio's
 * Messages list whether its message went out: the sixteen it lists are marked sent with the
 * listed SID and never posted again; the one it does not list is sent once.
 */
@SpringBootTest(
        classes = WorkerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "server.address=127.0.0.1",
            "lineup.worker.sms.provider=twilio",
            "lineup.worker.sms.twilio.account-sid=" + ACCOUNT_SID,
            "lineup.worker.sms.twilio.auth-token=" + AUTH_TOKEN,
            "lineup.worker.sms.twilio.from=" + FROM,
            "lineup.worker.rate-limits.sms-per-sender=off"
        })
@ContextConfiguration(initializers = TestDatabase.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SmsReconcileTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int IN_FLIGHT = 16;

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

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void stopTwilio() {
        twilio.close();
    }

    private static String number(int i) {
        return "+1415555%04d".formatted(300 + i);
    }

    private static String text(int i) {
        return "Your appointment is tomorrow at 10:00 (" + i + ")";
    }

    private static String sid(int i) {
        return "SM%032d".formatted(i);
    }

    /** What a worker killed in the middle of the call leaves: the claim, made ten minutes ago, still at sending. */
    private void claimedByADeadRun(UUID id, String to) {
        jdbc.sql("""
                        insert into lineup_send_ledger (job_id, channel, provider, producer, recipient, state, claimed_at, updated_at)
                        values (?, 'sms', 'twilio', 'salon-app', ?, 'sending', now() - interval '10 minutes', now() - interval '10 minutes')""").params(id, to).update();
    }

    private int posts(String to) {
        return twilio.find(postRequestedFor(urlPathEqualTo(MESSAGES)).withFormParam("To", equalTo(to)))
                .size();
    }

    private double reconciled(String result) {
        var counter =
                meters.find("lineup.send.reconciled").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void messagesTwilioListsAreMarkedSentAndNeverSentTwice() {
        int unlisted = IN_FLIGHT + 1;
        twilio.stub(post(urlPathEqualTo(MESSAGES))
                .willReturn(created("SM99999999999999999999999999999999", number(unlisted))));
        List<UUID> ids = new ArrayList<>();
        for (int i = 1; i <= unlisted; i++) {
            String to = number(i);
            twilio.stub(get(urlPathEqualTo(MESSAGES))
                    .withQueryParam("To", equalTo(to))
                    .willReturn(i == unlisted ? listed(null, to, null) : listed(sid(i), to, text(i))));
            UUID id = JobIds.random();
            claimedByADeadRun(id, to);
            ids.add(id);
        }

        for (int i = 1; i <= unlisted; i++) {
            enqueuer.enqueue(
                    new NewJob(ids.get(i - 1), new SendSms(number(i), text(i)), Priority.HIGH, "salon-app", null));
        }

        await().atMost(PATIENCE)
                .until(() -> ids.stream().allMatch(id -> storage.getJobById(id).getState() == StateName.SUCCEEDED));
        for (int i = 1; i <= IN_FLIGHT; i++) {
            assertThat(posts(number(i))).as("sent twice to " + number(i)).isZero();
            assertThat(jdbc.sql("select state, provider_message_id from lineup_send_ledger where job_id = ?")
                            .param(ids.get(i - 1))
                            .query()
                            .singleRow())
                    .containsEntry("state", "sent")
                    .containsEntry("provider_message_id", sid(i));
        }
        assertThat(posts(number(unlisted)))
                .as("the message Twilio never took is sent once")
                .isEqualTo(1);
        assertThat(twilio.find(getRequestedFor(urlPathEqualTo(MESSAGES)).withQueryParam("From", equalTo(FROM))))
                .as("asked about the same sender")
                .hasSize(unlisted);
        assertThat(reconciled("found")).isEqualTo(IN_FLIGHT);
        assertThat(reconciled("not_found")).isEqualTo(1);
        assertThat(reconciled("error")).isZero();
    }
}
