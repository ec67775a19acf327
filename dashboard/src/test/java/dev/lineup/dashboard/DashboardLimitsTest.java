package dev.lineup.dashboard;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's web server under a flood of slow clients, and against cross-site requests. */
@SpringBootTest(
        classes = DashboardApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "lineup.dashboard.address=127.0.0.1",
            "lineup.dashboard.port=0",
            "lineup.dashboard.username=ops",
            "lineup.dashboard.password=correct-horse-battery",
            "lineup.dashboard.threads=4",
            "lineup.dashboard.read-timeout=2s"
        })
@ContextConfiguration(initializers = TestDatabase.class)
class DashboardLimitsTest {

    private static final int SLOW_CLIENTS = 300;

    @Autowired
    DashboardServer server;

    @Autowired
    Enqueuer enqueuer;

    @Test
    void slowClientsNeitherMakeThreadsNorKeepAnOperatorOut() throws IOException {
        var client = new DashboardClient(server.port());
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                OutputStream out = socket.getOutputStream();
                // a request begun and never finished, without credentials
                out.write("GET /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }

            var answer = client.get("/api/jobs?state=ENQUEUED", "ops", "correct-horse-battery");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(dashboardThreads()).as("threads serving the dashboard").isBetween(1L, 4L);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void crossSiteRequestsThatChangeSomethingAreRefused() {
        UUID id = JobIds.random();
        enqueuer.enqueue(new NewJob(id, Examples.sms(), Priority.NORMAL, "salon-app", null));
        var client = new DashboardClient(server.port());
        String path = "/api/jobs/" + id + "/requeue";
        String self = "http://127.0.0.1:" + server.port();

        assertThat(client.post(path, "ops", "correct-horse-battery", "Origin", "https://evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.post(path, "ops", "correct-horse-battery", "Referer", "https://evil.example/page")
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.post(path, "ops", "correct-horse-battery", "Origin", self, "Sec-Fetch-Site", "cross-site")
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.post(path, "ops", "correct-horse-battery").statusCode())
                .as("no Origin, no Referer")
                .isEqualTo(403);

        assertThat(client.post(path, "ops", "correct-horse-battery", "Origin", self, "Sec-Fetch-Site", "same-origin")
                        .statusCode())
                .isNotEqualTo(403);
        assertThat(client.post(path, "ops", "correct-horse-battery", "Referer", self + "/dashboard/jobs")
                        .statusCode())
                .isNotEqualTo(403);
        assertThat(client.get("/api/jobs?state=ENQUEUED", "ops", "correct-horse-battery")
                        .statusCode())
                .as("reads need no Origin")
                .isEqualTo(200);
    }

    private static long dashboardThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lineup-dashboard-"))
                .count();
    }
}
