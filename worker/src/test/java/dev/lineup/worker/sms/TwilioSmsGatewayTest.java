package dev.lineup.worker.sms;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.TestWorkerProperties;
import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.delivery.ProviderThrottled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.lineup.worker.sms.FakeTwilio.ACCOUNT_SID;
import static dev.lineup.worker.sms.FakeTwilio.AUTH_TOKEN;
import static dev.lineup.worker.sms.FakeTwilio.FROM;
import static dev.lineup.worker.sms.FakeTwilio.MESSAGES;
import static dev.lineup.worker.sms.FakeTwilio.created;
import static dev.lineup.worker.sms.FakeTwilio.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link TwilioSmsGateway} as the worker builds it, against a fake of Twilio's REST API. */
class TwilioSmsGatewayTest {

    private static final String TO = "+14155550123";
    private static final String SERVICE = "MG0123456789abcdef0123456789abcdef";

    private static final FakeTwilio twilio = new FakeTwilio();

    private final List<TwilioSmsGateway> gateways = new ArrayList<>();

    @AfterEach
    void closeGateways() throws Exception {
        for (TwilioSmsGateway gateway : gateways) gateway.close();
        twilio.reset();
    }

    @AfterAll
    static void stopTwilio() {
        twilio.close();
    }

    private static WorkerProperties.Sms.Twilio settings(String baseUrl, String... more) {
        List<String> overrides = new ArrayList<>(List.of(
                "lineup.worker.sms.provider=twilio",
                "lineup.worker.sms.twilio.account-sid=" + ACCOUNT_SID,
                "lineup.worker.sms.twilio.auth-token=" + AUTH_TOKEN,
                "lineup.worker.sms.twilio.from=" + FROM,
                "lineup.worker.sms.twilio.base-url=" + baseUrl));
        overrides.addAll(List.of(more));
        return TestWorkerProperties.load(overrides.toArray(String[]::new)).sms().twilio();
    }

    private TwilioSmsGateway gateway(WorkerProperties.Sms.Twilio settings) {
        TwilioSmsGateway gateway = SmsGatewayConfiguration.twilio(settings);
        gateways.add(gateway);
        return gateway;
    }

    private TwilioSmsGateway gateway() {
        return gateway(settings(twilio.baseUrl()));
    }

    private static RunContext run() {
        return new RunContext(JobIds.random(), "salon-app", Priority.HIGH, 1);
    }

    private static SmsMessage message(String sender) {
        return new SmsMessage(TO, "Your code is 481516", sender);
    }

    private static Stream<Throwable> causes(Throwable thrown) {
        return Stream.iterate(thrown, Objects::nonNull, Throwable::getCause);
    }

    @Test
    void aCreatedMessageReturnsItsSid() throws Exception {
        twilio.answer(created("SM0123456789abcdef0123456789abcdef", TO));

        String id = gateway().send(message(FROM), run());

        assertThat(id).isEqualTo("SM0123456789abcdef0123456789abcdef");
        assertThat(twilio.find(postRequestedFor(urlPathEqualTo(MESSAGES))
                        .withBasicAuth(new BasicCredentials(ACCOUNT_SID, AUTH_TOKEN))
                        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                        .withFormParam("To", equalTo(TO))
                        .withFormParam("From", equalTo(FROM))
                        .withFormParam("Body", equalTo("Your code is 481516"))
                        .withFormParam("MessagingServiceSid", absent())))
                .hasSize(1);
    }

    @Test
    void aMessagingServiceSenderIsSentAsMessagingServiceSid() throws Exception {
        twilio.answer(created("SM1", TO));

        gateway().send(message(SERVICE), run());

        assertThat(twilio.find(postRequestedFor(urlPathEqualTo(MESSAGES))
                        .withFormParam("MessagingServiceSid", equalTo(SERVICE))
                        .withFormParam("From", absent())))
                .hasSize(1);
    }

    @Test
    void aBaseUrlWithAPathKeepsItInFrontOfTwiliosPath() throws Exception {
        twilio.stub(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/gateway/twilio" + MESSAGES))
                .willReturn(created("SM2", TO)));

        String id = gateway(settings(twilio.baseUrl() + "/gateway/twilio/")).send(message(FROM), run());

        assertThat(id).isEqualTo("SM2");
    }

    @Test
    void anInvalidNumberFailsForGoodNamingTwiliosCode() {
        twilio.answer(error(400, 21211, "The 'To' number +14155550123 is not a valid phone number."));

        Throwable thrown = catchThrowable(() -> gateway().send(message(FROM), run()));

        assertThat(thrown)
                .isInstanceOf(PermanentFailure.class)
                .hasMessage(
                        "Twilio refused the message to +14155550123: answered 400, error 21211: "
                                + "The 'To' number +14155550123 is not a valid phone number. https://www.twilio.com/docs/errors/21211");
        assertThat(twilio.sends()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"400, 21610, Attempt to send to unsubscribed recipient", "422, 21620, Invalid media URL"})
    void answersThatRetryingCannotChangeFailForGood(int status, int code, String text) {
        twilio.answer(error(status, code, text));

        Throwable thrown = catchThrowable(() -> gateway().send(message(FROM), run()));

        assertThat(thrown)
                .isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("answered " + status + ", error " + code + ": " + text);
        assertThat(twilio.sends()).hasSize(1);
    }

    /**
     * A rotated token, a wrong account or base URL: every SMS would fail the same way. Transient,
     * so the breaker opens and holds the jobs off while an operator fixes the setting.
     */
    @ParameterizedTest
    @CsvSource({
        "401, 20003, Authenticate",
        "403, 20003, Permission Denied",
        "404, 20404, The requested resource was not found"
    })
    void answersThatSayLineupsSettingsAreWrongAreRetriedLater(int status, int code, String text) {
        twilio.answer(error(status, code, text));

        Throwable thrown = catchThrowable(() -> gateway().send(message(FROM), run()));

        assertThat(thrown)
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(PermanentFailure.class)
                .isNotInstanceOf(ProviderThrottled.class)
                .hasMessageContaining("answered " + status + ", error " + code + ": " + text)
                .hasMessageContaining("LINEUP_TWILIO_AUTH_TOKEN")
                .hasMessageContaining("LINEUP_TWILIO_BASE_URL");
        assertThat(twilio.sends()).hasSize(1);
    }

    @Test
    void tooManyRequestsIsRetriedLater() {
        twilio.answer(error(429, 20429, "Too Many Requests"));

        Throwable thrown = catchThrowable(() -> gateway().send(message(FROM), run()));

        assertThat(thrown)
                .isInstanceOf(ProviderThrottled.class)
                .isNotInstanceOf(PermanentFailure.class)
                .hasMessage(
                        "Twilio answered 429, error 20429: Too Many Requests https://www.twilio.com/docs/errors/20429");
        assertThat(twilio.sends()).hasSize(1);
    }

    /** Left to itself, the SDK retries 5xx three times and httpclient5 503 once more: six POSTs. */
    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void aServerErrorIsOnePostAndRetriedLater(int status) {
        twilio.answer(error(status, 20500, "Internal Server Error"));

        Throwable thrown = catchThrowable(() -> gateway().send(message(FROM), run()));

        assertThat(thrown)
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("Twilio answered " + status + ", error 20500");
        assertThat(twilio.sends()).hasSize(1);
    }

    @Test
    void aServerErrorWithoutABodyKeepsItsStatus() {
        twilio.answer(aResponse().withStatus(503));

        Throwable thrown = catchThrowable(() -> gateway().send(message(FROM), run()));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessage("Twilio answered 503: no body");
        assertThat(twilio.sends()).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsRetriedAndKeepsTheConnectExceptionInItsCauses() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Throwable thrown = catchThrowable(
                () -> gateway(settings("http://localhost:" + closedPort)).send(message(FROM), run()));

        assertThat(thrown)
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("Twilio call failed");
        assertThat(causes(thrown)).anyMatch(ConnectException.class::isInstance);
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsRetriedLater() {
        twilio.answer(created("SM3", TO).withFixedDelay(5_000));

        Throwable thrown =
                catchThrowable(() -> gateway(settings(twilio.baseUrl(), "lineup.worker.sms.twilio.read-timeout=200ms"))
                        .send(message(FROM), run()));

        assertThat(thrown).isInstanceOf(IOException.class).isNotInstanceOf(PermanentFailure.class);
        assertThat(causes(thrown)).anyMatch(SocketTimeoutException.class::isInstance);
        assertThat(twilio.sends()).hasSize(1);
    }

    @Test
    void theSettingsNeverShowTheAuthToken() {
        assertThat(settings(twilio.baseUrl()).toString())
                .doesNotContain(AUTH_TOKEN)
                .contains("authToken=***");
    }
}
