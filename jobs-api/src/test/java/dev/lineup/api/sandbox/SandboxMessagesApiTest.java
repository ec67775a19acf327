package dev.lineup.api.sandbox;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Each producer sees only its own sandbox messages, newest first. */
class SandboxMessagesApiTest extends ApiTestSupport {

    private final UUID salonSms = UUID.randomUUID();
    private final UUID salonEmail = UUID.randomUUID();
    private final UUID clinicSms = UUID.randomUUID();

    private void insert(UUID jobId, String channel, String producer, String recipient, String subject, int minute) {
        jdbc.sql("""
                        insert into lineup_sandbox_messages (job_id, channel, producer, recipient, subject, body, created_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        jobId,
                        channel,
                        producer,
                        recipient,
                        subject,
                        "body of " + jobId,
                        OffsetDateTime.of(2026, 11, 22, 9, minute, 0, 0, ZoneOffset.UTC))
                .update();
    }

    @BeforeEach
    void messages() {
        jdbc.sql("delete from lineup_sandbox_messages").update();
        insert(salonSms, "sms", "salon", "+14155550123", null, 1);
        insert(salonEmail, "email", "salon", "ada@example.com", "See you tomorrow", 2);
        insert(clinicSms, "sms", "clinic", "+14155550199", null, 3);
    }

    @Test
    void aProducerSeesOnlyItsOwnMessagesNewestFirst() {
        JsonNode salon = get("/api/v1/sandbox/messages", SALON).json().path("messages");
        JsonNode clinic = get("/api/v1/sandbox/messages", CLINIC).json().path("messages");

        assertThat(salon)
                .extracting(m -> m.path("jobId").asString())
                .containsExactly(salonEmail.toString(), salonSms.toString());
        assertThat(clinic).extracting(m -> m.path("jobId").asString()).containsExactly(clinicSms.toString());
        JsonNode email = salon.get(0);
        assertThat(email.path("channel").asString()).isEqualTo("email");
        assertThat(email.path("recipient").asString()).isEqualTo("ada@example.com");
        assertThat(email.path("subject").asString()).isEqualTo("See you tomorrow");
        assertThat(email.path("body").asString()).isEqualTo("body of " + salonEmail);
        assertThat(email.path("createdAt").asString()).isEqualTo("2026-11-22T09:02:00Z");
        assertThat(email.path("id").isNumber()).isTrue();
        assertThat(salon.get(1).path("subject").isNull()).isTrue();
    }

    @Test
    void filtersByJobAndLimits() {
        assertThat(get("/api/v1/sandbox/messages?jobId=" + salonSms, SALON)
                        .json()
                        .path("messages"))
                .extracting(m -> m.path("jobId").asString())
                .containsExactly(salonSms.toString());
        assertThat(get("/api/v1/sandbox/messages?jobId=" + clinicSms, SALON)
                        .json()
                        .path("messages"))
                .isEmpty();
        assertThat(get("/api/v1/sandbox/messages?limit=1", SALON).json().path("messages"))
                .extracting(m -> m.path("jobId").asString())
                .containsExactly(salonEmail.toString());
    }

    @Test
    void badParametersAreNamed() {
        assertProblem(get("/api/v1/sandbox/messages?limit=0", SALON), 400, "invalid-request", "limit");
        assertProblem(get("/api/v1/sandbox/messages?limit=501", SALON), 400, "invalid-request", "limit");
        assertProblem(get("/api/v1/sandbox/messages?limit=many", SALON), 400, "invalid-request", "limit");
        assertProblem(get("/api/v1/sandbox/messages?jobId=42", SALON), 400, "invalid-request", "jobId");
        assertProblem(get("/api/v1/sandbox/messages", null), 401, "unauthorized");
    }
}
