package dev.lineup.dashboard;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(
        classes = DashboardApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "lineup.dashboard.address=127.0.0.1",
            "lineup.dashboard.port=0",
            "lineup.dashboard.username=ops",
            "lineup.dashboard.password=correct-horse-battery"
        })
@ContextConfiguration(initializers = TestDatabase.class)
class DashboardServerTest {

    @Autowired
    DashboardServer server;

    @Autowired
    DashboardAccess access;

    @Autowired
    Enqueuer enqueuer;

    DashboardClient client;

    @BeforeEach
    void client() {
        client = new DashboardClient(server.port());
    }

    @Test
    void theApiNeedsCredentials() {
        var response = client.get("/api/jobs");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic realm=\"Lineup\""));
    }

    @Test
    void aWrongPasswordOrUserIsRefused() {
        assertThat(client.get("/api/jobs", "ops", "correct-horse-battery-staple")
                        .statusCode())
                .isEqualTo(401);
        assertThat(client.get("/api/jobs", "ops", "").statusCode()).isEqualTo(401);
        assertThat(client.get("/api/jobs", "admin", "correct-horse-battery").statusCode())
                .isEqualTo(401);
    }

    @Test
    void theApiListsLineupsJobsWithTheRightCredentials() {
        UUID id = JobIds.random();
        enqueuer.enqueue(new NewJob(id, Examples.sms(), Priority.HIGH, "salon-app", null));

        var response = client.get("/api/jobs?state=ENQUEUED", "ops", "correct-horse-battery");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains(id.toString()).contains("priority:high");
    }

    @Test
    void servesTheDashboardPageWithTheRightCredentials() {
        assertThat(client.get("/dashboard/").statusCode()).isEqualTo(401);

        var response = client.get("/dashboard/", "ops", "correct-horse-battery");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).containsIgnoringCase("<html");
    }

    @Test
    void theRootRedirectsToTheDashboardWithoutCredentials() {
        var response = client.get("/");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/dashboard");
    }

    @Test
    void theAccessNamesTheActualPortAndTheConfiguredCredentials() {
        assertThat(access.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/dashboard");
        assertThat(access.username()).isEqualTo("ops");
        assertThat(access.password()).isEqualTo("correct-horse-battery");
        assertThat(access.toString()).doesNotContain("correct-horse-battery");
    }

    @Test
    void aWebhooksCredentialsShowAsStarsInTheJobJson() {
        UUID id = JobIds.random();
        var webhook = new CallWebhook(
                "https://salon.example/hooks/cleanup",
                "POST",
                Map.of("Authorization", "Bearer s3cr3t-bearer", "X-Api-Key", "s3cr3t-key", "X-Booking-App", "demo"),
                "{}");
        enqueuer.enqueue(new NewJob(id, webhook, Priority.NORMAL, "salon-app", null));

        var job = client.get("/api/jobs/" + id, "ops", "correct-horse-battery");
        var page = client.get("/api/jobs?state=ENQUEUED", "ops", "correct-horse-battery");

        assertThat(job.statusCode()).isEqualTo(200);
        assertThat(job.body())
                .contains(id.toString())
                .contains("\"Authorization\":\"***\"")
                .contains("demo")
                .doesNotContain("s3cr3t");
        assertThat(page.body()).contains(id.toString()).doesNotContain("s3cr3t");
    }
}
