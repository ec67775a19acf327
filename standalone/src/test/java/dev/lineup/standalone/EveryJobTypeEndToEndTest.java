package dev.lineup.standalone;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.lineup.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every job type, the way a producer uses Lineup: over HTTP into PostgreSQL, run by the worker,
 * delivered to a real SMTP server (GreenMail), a real HTTP server, or the sandbox.
 */
@SpringBootTest(
        classes = LineupStandalone.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "management.server.address=127.0.0.1",
            "management.server.port=0",
            "lineup.dashboard.address=127.0.0.1",
            "lineup.dashboard.port=0",
            "lineup.dashboard.password=e2e-dashboard-password",
            "LINEUP_DEMO_API_KEY=e2e-demo-key",
            // the daily report is an operator's job, not a producer's
            "LINEUP_API_OPERATORS=demo",
            "lineup.worker.email.provider=smtp",
            "lineup.worker.report.recipients=ops@salon.example",
            "spring.mail.host=127.0.0.1",
        })
@Tag("slow") // the whole platform end to end
@ContextConfiguration(initializers = {TestDatabase.class, StandaloneSetup.class})
class EveryJobTypeEndToEndTest {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(
                    new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    static final HttpServer bookingApp = startBookingApp();
    static final List<String> webhookBodies = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @Value("${local.server.port}")
    int port;

    Api api;

    @BeforeEach
    void producer() {
        api = new Api("http://127.0.0.1:" + port, "e2e-demo-key");
    }

    @AfterAll
    static void stopBookingApp() {
        bookingApp.stop(0);
    }

    private String enqueue(String json) {
        var response = api.post("/api/v1/jobs", json);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
        return response.body().path("id").asString();
    }

    private void awaitSucceeded(String id) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(api.state(id)).isEqualTo("succeeded"));
    }

    @Test
    void emailIsSentOverSmtp() throws Exception {
        String id = enqueue("""
                {"type":"email.send","payload":{"to":"ada@example.com","template":"appointment-reminder",
                 "variables":{"customerName":"Ada","businessName":"Fade & Co","startsAt":"Tuesday 10:30"}}}""");

        awaitSucceeded(id);
        MimeMessage sent = List.of(smtp.getReceivedMessages()).stream()
                .filter(m -> recipient(m).equals("ada@example.com"))
                .findFirst()
                .orElseThrow();
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(sent))
                .contains("Fade & Co")
                .contains("Tuesday 10:30");
    }

    @Test
    void smsGoesToTheSandboxAndIsReadableThroughTheApi() {
        String id = enqueue("""
                {"type":"sms.send","priority":"critical","payload":{"to":"+14155550123","text":"Your code is 481516"}}""");

        awaitSucceeded(id);
        var messages = api.get("/api/v1/sandbox/messages?jobId=" + id).body().path("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("channel").asString()).isEqualTo("sms");
        assertThat(messages.get(0).path("recipient").asString()).isEqualTo("+14155550123");
        assertThat(messages.get(0).path("body").asString()).isEqualTo("Your code is 481516");
    }

    @Test
    void webhookCallsTheBookingApp() {
        String id = enqueue("""
                {"type":"webhook.call","payload":{"url":"http://127.0.0.1:%d/hooks/cleanup","body":{"task":"purge-holds"}}}""".formatted(bookingApp.getAddress().getPort()));

        awaitSucceeded(id);
        assertThat(webhookBodies).contains("{\"task\":\"purge-holds\"}");
    }

    @Test
    void dailyReportIsEmailedToOperators() {
        String id = enqueue("""
                {"type":"report.daily","payload":{}}""");

        awaitSucceeded(id);
        assertThat(List.of(smtp.getReceivedMessages()))
                .anySatisfy(m -> assertThat(recipient(m)).isEqualTo("ops@salon.example"));
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer startBookingApp() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hooks/cleanup", exchange -> {
                webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
