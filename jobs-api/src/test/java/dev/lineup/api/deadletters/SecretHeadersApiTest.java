package dev.lineup.api.deadletters;

import dev.lineup.core.catalog.CallWebhook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Credentials in a webhook's headers never come back out: the job and its dead letter show ***. */
class SecretHeadersApiTest extends DeadLetterTestSupport {

    private static final String WEBHOOK = """
            {"type": "webhook.call", "payload": {"url": "https://salon.example/hooks/cleanup",
              "headers": {"Authorization": "Bearer s3cr3t-bearer", "X-Api-Key": "s3cr3t-key", "cookie": "sid=s3cr3t-cookie",
                          "X-Session-Token": "s3cr3t-token", "X-Booking-App": "demo"}}}""";

    @Test
    void theJobShowsCredentialsAsStarsAndKeepsThemForTheCall() {
        String id = post("/api/v1/jobs", SALON, WEBHOOK).json().path("id").asString();

        Response response = get("/api/v1/jobs/" + id, SALON);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("s3cr3t");
        JsonNode headers = response.json().path("payload").path("headers");
        assertThat(headers.path("Authorization").asString()).isEqualTo("***");
        assertThat(headers.path("X-Api-Key").asString()).isEqualTo("***");
        assertThat(headers.path("cookie").asString()).isEqualTo("***");
        assertThat(headers.path("X-Session-Token").asString()).isEqualTo("***");
        assertThat(headers.path("X-Booking-App").asString()).isEqualTo("demo");
        String stored = jdbc.sql("select jobAsJson from jobrunr_jobs where id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(stored).as("the worker still sends them").contains("Bearer s3cr3t-bearer");
    }

    @Test
    void theDeadLetterShowsCredentialsAsStars() {
        var payload = new CallWebhook(
                "https://salon.example/hooks/cleanup",
                "POST",
                Map.of(
                        "Authorization",
                        "Bearer s3cr3t-bearer",
                        "X-Webhook-Secret",
                        "s3cr3t-secret",
                        "X-Booking-App",
                        "demo"),
                null);
        UUID id = fixtures.deadLetter("salon", payload, T0);

        Response detail = get("/api/v1/dead-letters/" + id, SALON);
        Response list = get("/api/v1/dead-letters", SALON);

        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).doesNotContain("s3cr3t");
        assertThat(detail.json()
                        .path("payload")
                        .path("headers")
                        .path("Authorization")
                        .asString())
                .isEqualTo("***");
        assertThat(detail.json()
                        .path("payload")
                        .path("headers")
                        .path("X-Booking-App")
                        .asString())
                .isEqualTo("demo");
        assertThat(list.body()).contains(id.toString()).doesNotContain("s3cr3t");
    }
}
