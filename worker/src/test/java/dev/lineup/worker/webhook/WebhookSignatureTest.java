package dev.lineup.worker.webhook;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.webhook.TestWebhookServer.Answer;
import dev.lineup.worker.webhook.TestWebhookServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Webhooks signed the Standard Webhooks way, checked by a receiver on 127.0.0.1 that verifies
 * with its own reading of the scheme ({@link Receiver}), not with Lineup's signer.
 */
class WebhookSignatureTest {

    private static final String CURRENT = "whsec_"
            + Base64.getEncoder()
                    .encodeToString("current-secret-of-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));
    private static final String OLD = "whsec_"
            + Base64.getEncoder()
                    .encodeToString("the-old-secret-also-32-bytes-ok!".getBytes(StandardCharsets.US_ASCII));

    private final TestWebhookServer app = TestWebhookServer.start();

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void signsLikeTheSpecificationsPublishedExample() {
        // the example the Standard Webhooks libraries test against
        var signer = new WebhookSigner("example=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(signer.signature(
                        "example",
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330,
                        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .hasValue("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theReceiverVerifiesTheSignatureOfTheExactBodyItGot() throws Exception {
        app.on("/hooks/booking", request -> Answer.of(200));
        var handler = TestWebhooks.handler(new WebhookSigner("salon-app=" + CURRENT));
        var run = new RunContext(JobIds.random(), "salon-app", Priority.NORMAL, 1);

        handler.handle(
                new CallWebhook(
                        app.url("/hooks/booking"), "POST", Map.of(), "{\"booking\":42,\"note\":\"caf\u00e9 \u2615\"}"),
                run);

        Request got = app.requests("/hooks/booking").get(0);
        assertThat(got.header("webhook-id")).isEqualTo(run.jobId().toString());
        assertThat(new Receiver(CURRENT).verifies(got)).isTrue();
        assertThat(new Receiver(OLD).verifies(got))
                .as("another producer's secret")
                .isFalse();
        var tampered =
                new Request(got.method(), got.path(), got.headers(), got.body().replace("42", "43"));
        assertThat(new Receiver(CURRENT).verifies(tampered)).isFalse();
    }

    @Test
    void aBodilessCallIsSignedOverTheEmptyBody() throws Exception {
        app.on("/hooks/ping", request -> Answer.of(204));
        var handler = TestWebhooks.handler(new WebhookSigner("salon-app=" + CURRENT));

        handler.handle(
                new CallWebhook(app.url("/hooks/ping"), "GET", null, null),
                new RunContext(JobIds.random(), "salon-app", Priority.NORMAL, 1));

        assertThat(new Receiver(CURRENT).verifies(app.requests("/hooks/ping").get(0)))
                .isTrue();
    }

    @Test
    void duringARotationBothSecretsSignAndEitherVerifies() throws Exception {
        app.on("/hooks/booking", request -> Answer.of(200));
        var handler = TestWebhooks.handler(new WebhookSigner("salon-app=" + CURRENT + ", " + OLD));

        handler.handle(
                new CallWebhook(app.url("/hooks/booking"), "POST", null, "{}"),
                new RunContext(JobIds.random(), "salon-app", Priority.NORMAL, 1));

        Request got = app.requests("/hooks/booking").get(0);
        assertThat(got.header("webhook-signature").split(" ")).hasSize(2).allMatch(token -> token.startsWith("v1,"));
        assertThat(new Receiver(CURRENT).verifies(got)).isTrue();
        assertThat(new Receiver(OLD).verifies(got)).isTrue();
    }

    @Test
    void theIdStaysTheSameAcrossRetriesAndTheProducersOwnSignatureHeadersAreDropped() throws Exception {
        app.on("/hooks/booking", request -> Answer.of(200));
        var handler = TestWebhooks.handler(new WebhookSigner("salon-app=" + CURRENT));
        var job = new CallWebhook(
                app.url("/hooks/booking"),
                "POST",
                Map.of("Webhook-Id", "forged", "webhook-signature", "v1,forged"),
                "{}");
        var id = JobIds.random();

        handler.handle(job, new RunContext(id, "salon-app", Priority.NORMAL, 1));
        handler.handle(job, new RunContext(id, "salon-app", Priority.NORMAL, 2));

        assertThat(app.requests("/hooks/booking")).hasSize(2).allSatisfy(request -> {
            assertThat(request.headers().get("webhook-id")).containsExactly(id.toString());
            assertThat(request.headers().get("webhook-signature")).hasSize(1);
            assertThat(new Receiver(CURRENT).verifies(request)).isTrue();
        });
    }

    @Test
    void aProducerWithoutASecretGetsTheIdAndTimestampButNoSignature() throws Exception {
        app.on("/hooks/booking", request -> Answer.of(200));
        var handler = TestWebhooks.handler(new WebhookSigner("salon-app=" + CURRENT));

        handler.handle(
                new CallWebhook(app.url("/hooks/booking"), "POST", null, "{}"),
                new RunContext(JobIds.random(), "clinic-app", Priority.NORMAL, 1));

        Request got = app.requests("/hooks/booking").get(0);
        assertThat(got.header("webhook-id")).isNotBlank();
        assertThat(got.header("webhook-timestamp")).isNotBlank();
        assertThat(got.header("webhook-signature")).isNull();
    }

    @Test
    void badSecretsStopTheWorkerNamingTheProducerButNeverTheSecret() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookSigner("salon-app=not-a-secret"))
                .withMessageStartingWith(
                        "LINEUP_PRODUCER_WEBHOOK_SECRETS: salon-app=(hidden): a webhook secret starts with whsec_")
                .withMessageNotContaining("not-a-secret");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookSigner("salon-app=whsec_c2hvcnQ="))
                .withMessageContaining("holds 24 to 64 random bytes; this one holds 5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookSigner("salon-app=" + CURRENT + "," + OLD + "," + CURRENT))
                .withMessageContaining("at most two secrets");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookSigner(CURRENT))
                .withMessageNotContaining(CURRENT.substring(6));
    }

    /**
     * A booking app's check, written from the specification: the signed content is
     * {@code id.timestamp.body}; the key is the base64 after {@code whsec_}; the header is a
     * space-separated list of {@code v1,<base64>}; any match in constant time passes; the
     * timestamp must be within five minutes.
     */
    private record Receiver(String secret) {

        boolean verifies(Request request) throws Exception {
            String id = request.header("webhook-id");
            String timestamp = request.header("webhook-timestamp");
            String signatures = request.header("webhook-signature");
            if (id == null || timestamp == null || signatures == null) return false;
            long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp));
            if (age > 300) return false;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected =
                    mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8));
            return Arrays.stream(signatures.split(" "))
                    .filter(token -> token.startsWith("v1,"))
                    .map(token -> Base64.getDecoder().decode(token.substring(3)))
                    .anyMatch(candidate -> MessageDigest.isEqual(candidate, expected));
        }
    }
}
