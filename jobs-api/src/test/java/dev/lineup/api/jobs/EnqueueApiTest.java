package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A producer enqueues jobs and reads them back. */
class EnqueueApiTest extends ApiTestSupport {

    private int rank(String id) {
        return jdbc.sql("select lineup_priority from jobrunr_jobs where id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    private String stateRow(String id) {
        return jdbc.sql("select state from jobrunr_jobs where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    @Test
    void enqueuesAJobAndAnswers202WithWhereToFindIt() {
        long before = jobRows();
        Instant sent = Instant.now();

        Response response = post("/api/v1/jobs", SALON, SMS);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode job = response.json();
        String id = job.path("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
        assertThat(job.path("type").asString()).isEqualTo("sms.send");
        assertThat(job.path("priority").asString()).isEqualTo("normal");
        assertThat(job.path("state").asString()).isEqualTo("enqueued");
        assertThat(Instant.parse(job.path("createdAt").asString())).isBetween(sent, Instant.now());
        assertThat(job.has("scheduledAt")).isTrue();
        assertThat(job.path("scheduledAt").isNull()).isTrue();
        assertThat(job.path("links").path("self").asString()).isEqualTo("/api/v1/jobs/" + id);
        assertThat(jobRows()).isEqualTo(before + 1);
        assertThat(stateRow(id)).isEqualTo("ENQUEUED");
    }

    @Test
    void readsTheJobBackWithItsPayload() {
        String id = post("/api/v1/jobs", SALON, SMS).json().path("id").asString();

        Response response = get("/api/v1/jobs/" + id, SALON);

        assertThat(response.status()).isEqualTo(200);
        JsonNode job = response.json();
        assertThat(job.path("id").asString()).isEqualTo(id);
        assertThat(job.path("type").asString()).isEqualTo("sms.send");
        assertThat(job.path("priority").asString()).isEqualTo("normal");
        assertThat(job.path("producer").asString()).isEqualTo("salon");
        assertThat(job.path("state").asString()).isEqualTo("enqueued");
        assertThat(job.path("attempts").asInt()).isZero();
        assertThat(job.path("startedAt").isNull()).isTrue();
        assertThat(job.path("finishedAt").isNull()).isTrue();
        assertThat(job.path("lastError").isNull()).isTrue();
        assertThat(job.path("payload"))
                .isEqualTo(MAPPER.readTree(
                        "{\"to\": \"+14155550123\", \"text\": \"Your code is 481516\", \"timeZone\": null}"));
        assertThat(job.path("links").path("self").asString()).isEqualTo("/api/v1/jobs/" + id);
    }

    @Test
    void aWebhookBodyComesBackAsJsonNotAsAString() {
        String id = post("/api/v1/jobs", SALON, """
                {"type": "webhook.call", "payload": {"url": "https://app.example.com/hooks/cleanup",
                 "body": {"task": "purge-expired-holds", "olderThanMinutes": 30}}}""").json().path("id").asString();

        JsonNode payload = get("/api/v1/jobs/" + id, SALON).json().path("payload");

        assertThat(payload.path("body"))
                .isEqualTo(MAPPER.readTree("{\"task\": \"purge-expired-holds\", \"olderThanMinutes\": 30}"));
        assertThat(payload.path("method").asString()).isEqualTo("POST");
    }

    @Test
    void anEmailWithTheProducersOwnHtmlIsAccepted() {
        Response response = post("/api/v1/jobs", SALON, """
                {"type": "email.send", "payload": {"to": "ada@example.com", "subject": "See you tomorrow",
                 "body": "Your haircut is at 10:30.", "html": "<p>Your haircut is at <b>10:30</b>.</p>"}}""");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode payload = get("/api/v1/jobs/" + response.json().path("id").asString(), SALON)
                .json()
                .path("payload");
        assertThat(payload.path("html").asString()).isEqualTo("<p>Your haircut is at <b>10:30</b>.</p>");
        assertThat(payload.path("body").asString()).isEqualTo("Your haircut is at 10:30.");
    }

    @Test
    void aJobDueLaterIsScheduledForThatInstant() {
        Response response = post("/api/v1/jobs", SALON, """
                {"type": "email.send", "runAt": "2099-11-24T10:00:00+01:00",
                 "payload": {"to": "ada@example.com", "template": "appointment-reminder",
                             "variables": {"customerName": "Ada", "businessName": "Fade & Co", "startsAt": "Tue 10:30"}}}""");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode job = response.json();
        assertThat(job.path("state").asString()).isEqualTo("scheduled");
        assertThat(job.path("scheduledAt").asString()).isEqualTo("2099-11-24T09:00:00Z");
        assertThat(stateRow(job.path("id").asString())).isEqualTo("SCHEDULED");
        assertThat(get("/api/v1/jobs/" + job.path("id").asString(), SALON)
                        .json()
                        .path("scheduledAt")
                        .asString())
                .isEqualTo("2099-11-24T09:00:00Z");
    }

    @Test
    void aRunAtInThePastRunsAtOnce() {
        Response response = post("/api/v1/jobs", SALON, """
                {"type": "sms.send", "runAt": "2020-01-01T00:00:00Z", "payload": {"to": "+14155550123", "text": "hi"}}""");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("state").asString()).isEqualTo("enqueued");
    }

    @Test
    void thePriorityIsTheTypesDefaultUnlessGivenAndSqlSeesIt() {
        JsonNode sms = post("/api/v1/jobs", SALON, SMS).json();
        JsonNode report = post("/api/v1/jobs", OPERATOR, "{\"type\": \"report.daily\", \"payload\": {}}")
                .json();
        JsonNode urgent = post("/api/v1/jobs", OPERATOR, """
                {"type": "report.daily", "priority": "critical", "payload": {"date": "2026-11-22"}}""").json();

        assertThat(sms.path("priority").asString()).isEqualTo("normal");
        assertThat(rank(sms.path("id").asString())).isEqualTo(2);
        assertThat(report.path("priority").asString()).isEqualTo("low");
        assertThat(rank(report.path("id").asString())).isEqualTo(3);
        assertThat(urgent.path("priority").asString()).isEqualTo("critical");
        assertThat(rank(urgent.path("id").asString())).isEqualTo(0);
    }
}
