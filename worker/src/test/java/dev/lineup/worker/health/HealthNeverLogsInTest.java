package dev.lineup.worker.health;

import dev.lineup.testing.TestDatabase;
import dev.lineup.worker.WorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stranger's {@code /actuator/health} must not make the worker log in anywhere: Spring's mail
 * health check would connect and authenticate to the SMTP server on every call. The "SMTP
 * server" here only listens; the first connection it accepts must be the test's own probe.
 */
@SpringBootTest(
        classes = WorkerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "lineup.worker.email.provider=smtp",
            "spring.mail.host=127.0.0.1",
            "spring.mail.username=lineup",
            "spring.mail.password=smtp-password"
        })
@ContextConfiguration(initializers = TestDatabase.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HealthNeverLogsInTest {

    private static final ServerSocket smtp = listen();

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", smtp::getLocalPort);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void close() throws IOException {
        smtp.close();
    }

    @Test
    void healthCallsNeverConnectToTheSmtpServer() throws Exception {
        var http = HttpClient.newHttpClient();
        for (int i = 0; i < 5; i++) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("mail");
        }

        try (var probe = new Socket(InetAddress.getLoopbackAddress(), smtp.getLocalPort());
                var first = smtp.accept()) {
            assertThat(first.getPort())
                    .as("the first connection the SMTP server got is the probe")
                    .isEqualTo(probe.getLocalPort());
        }
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
