package dev.lineup.worker.webhook;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.webhook.TestWebhookServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class CallWebhookHandlerTest {

    private final TestWebhookServer app = TestWebhookServer.start();
    private final CallWebhookHandler handler = TestWebhooks.handler();
    private final RunContext run = new RunContext(JobIds.random(), "salon-app", Priority.NORMAL, 1);

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a2xxAnswerSucceedsAndTheAppSeesTheWholeRequest() throws Exception {
        app.on("/hooks/cleanup", request -> Answer.of(200));

        handler.handle(Examples.webhook(app.url("/hooks/cleanup")), run);

        assertThat(app.requests("/hooks/cleanup")).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.header("X-Lineup-Job-Id")).isEqualTo(run.jobId().toString());
            assertThat(request.header("X-Booking-App")).isEqualTo("demo");
            assertThat(request.header("User-Agent")).startsWith("Lineup/");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo("{\"task\":\"purge-expired-holds\",\"olderThanMinutes\":30}");
        });
    }

    @Test
    void theProducersContentTypeIsKeptAndABodilessCallHasNone() throws Exception {
        app.on("/hooks/form", request -> Answer.of(204)).on("/hooks/ping", request -> Answer.of(200));

        handler.handle(
                new CallWebhook(
                        app.url("/hooks/form"), "PUT", Map.of("content-type", "application/vnd.salon+json"), "{}"),
                run);
        handler.handle(new CallWebhook(app.url("/hooks/ping"), "GET", null, null), run);

        assertThat(app.requests("/hooks/form")).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.headers().get("Content-Type")).containsExactly("application/vnd.salon+json");
        });
        assertThat(app.requests("/hooks/ping")).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.header("Content-Type")).isNull();
            assertThat(request.header("X-Lineup-Job-Id")).isEqualTo(run.jobId().toString());
        });
    }

    @Test
    void a400FailsForGoodAndSaysWhatTheAppAnswered() {
        app.on("/hooks/cleanup", request -> new Answer(400, "{\"error\":\"unknown task\"}"));

        assertThatThrownBy(() -> handler.handle(Examples.webhook(app.url("/hooks/cleanup")), run))
                .isInstanceOf(PermanentFailure.class)
                .hasMessage("webhook answered 400 Bad Request: {\"error\":\"unknown task\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 401, 403, 404, 410, 422})
    void otherAnswersThatRetryingCannotFixFailForGood(int status) {
        app.on("/hooks/cleanup", request -> Answer.of(status));

        assertThatThrownBy(() -> handler.handle(Examples.webhook(app.url("/hooks/cleanup")), run))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("webhook answered " + status);
        assertThat(app.requests("/hooks/cleanup"))
                .as("a redirect is not followed")
                .hasSize(1);
    }

    @Test
    void a503IsRetried() {
        app.on("/hooks/cleanup", request -> Answer.of(503));

        Throwable thrown = catchThrowable(() -> handler.handle(Examples.webhook(app.url("/hooks/cleanup")), run));

        assertThat(thrown)
                .isNotInstanceOf(PermanentFailure.class)
                .hasMessage("webhook answered 503 Service Unavailable");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 429, 500, 502, 504})
    void answersThatMeanTryLaterAreRetried(int status) {
        app.on("/hooks/cleanup", request -> Answer.of(status));

        Throwable thrown = catchThrowable(() -> handler.handle(Examples.webhook(app.url("/hooks/cleanup")), run));

        assertThat(thrown)
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("webhook answered " + status);
    }

    @Test
    void anAppThatDoesNotAnswerWithinTheReadTimeoutIsRetried() {
        var handler = TestWebhooks.handler("lineup.worker.webhook.read-timeout=200ms");
        var release = new CountDownLatch(1);
        app.on("/hooks/slow", request -> {
            release.await();
            return Answer.of(200);
        });
        try {
            Throwable thrown = catchThrowable(() -> handler.handle(Examples.webhook(app.url("/hooks/slow")), run));

            assertThat(thrown)
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(PermanentFailure.class)
                    .hasMessage("webhook did not answer within 200 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aConnectionTheServerDropsIsRetried() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dropper = new Thread(() -> {
                try {
                    // closing at once: the request gets no answer at all
                    server.accept().close();
                } catch (IOException ignored) {
                    // the test closed the server first
                }
            });
            dropper.start();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/hooks/cleanup";

            Throwable thrown = catchThrowable(() -> handler.handle(Examples.webhook(url), run));

            assertThat(thrown)
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(PermanentFailure.class)
                    .hasMessageStartingWith("webhook call to 127.0.0.1 failed");
            dropper.join();
        }
    }

    @Test
    void aRefusedConnectionIsRetriedAndSaysWhere() throws Exception {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/hooks/cleanup";

        Throwable thrown = catchThrowable(() -> handler.handle(Examples.webhook(url), run));

        assertThat(thrown)
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(PermanentFailure.class)
                .hasMessage("could not connect to 127.0.0.1:" + closedPort + ": connection refused");
    }
}
