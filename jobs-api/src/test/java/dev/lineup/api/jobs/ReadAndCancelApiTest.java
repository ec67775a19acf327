package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.jobrunr.jobs.Job;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A producer reads and cancels only its own jobs, and only cancels what has not started. */
class ReadAndCancelApiTest extends ApiTestSupport {

    @Autowired
    StorageProvider storage;

    private String enqueue(String key) {
        return post("/api/v1/jobs", key, SMS).json().path("id").asString();
    }

    private String state(String id) {
        return jdbc.sql("select state from jobrunr_jobs where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private void startProcessing(String id) {
        WorkerSteps.startProcessing(storage, id);
    }

    @Test
    void anotherProducersJobIsNotFound() {
        String id = enqueue(SALON);

        assertProblem(get("/api/v1/jobs/" + id, CLINIC), 404, "not-found");
        assertProblem(delete("/api/v1/jobs/" + id, CLINIC), 404, "not-found");
        assertThat(state(id)).isEqualTo("ENQUEUED");
    }

    @Test
    void anUnknownJobIsNotFound() {
        assertProblem(get("/api/v1/jobs/" + UUID.randomUUID(), SALON), 404, "not-found");
        assertProblem(delete("/api/v1/jobs/" + UUID.randomUUID(), SALON), 404, "not-found");
    }

    @Test
    void aMalformedIdIsNamed() {
        assertProblem(get("/api/v1/jobs/not-a-uuid", SALON), 400, "invalid-request", "id");
        assertProblem(delete("/api/v1/jobs/not-a-uuid", SALON), 400, "invalid-request", "id");
    }

    @Test
    void cancelsAnEnqueuedJobOnce() {
        String id = enqueue(SALON);

        Response cancelled = delete("/api/v1/jobs/" + id, SALON);
        Response again = delete("/api/v1/jobs/" + id, SALON);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("state").asString()).isEqualTo("deleted");
        assertThat(cancelled.json().path("finishedAt").isNull()).isFalse();
        assertThat(state(id)).isEqualTo("DELETED");
        assertProblem(again, 409, "conflict");
        assertThat(again.json().path("detail").asString()).contains("deleted", "only scheduled or enqueued");
        assertThat(get("/api/v1/jobs/" + id, SALON).json().path("state").asString())
                .isEqualTo("deleted");
    }

    @Test
    void cancelsAScheduledJob() {
        String id = post("/api/v1/jobs", SALON, """
                {"type": "sms.send", "runAt": "2099-01-01T00:00:00Z", "payload": {"to": "+14155550123", "text": "hi"}}""").json().path("id").asString();

        Response cancelled = delete("/api/v1/jobs/" + id, SALON);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(state(id)).isEqualTo("DELETED");
    }

    @Test
    void aRunningJobIsNotCancelled() {
        String id = enqueue(SALON);
        startProcessing(id);

        Response refused = delete("/api/v1/jobs/" + id, SALON);

        assertProblem(refused, 409, "conflict");
        assertThat(refused.json().path("detail").asString()).contains("processing", "only scheduled or enqueued");
        assertThat(state(id)).isEqualTo("PROCESSING");
        JsonNode job = get("/api/v1/jobs/" + id, SALON).json();
        assertThat(job.path("state").asString()).isEqualTo("processing");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("startedAt").isNull()).isFalse();
        assertThat(job.path("finishedAt").isNull()).isTrue();
    }

    @Test
    void aFailedJobShowsItsLastErrorAndIsNotCancelled() {
        String id = enqueue(SALON);
        startProcessing(id);
        Job job = storage.getJobById(UUID.fromString(id));
        job.failed("Attempt failed", new IllegalStateException("SMTP server unreachable"));
        storage.save(job);

        JsonNode failed = get("/api/v1/jobs/" + id, SALON).json();

        assertThat(failed.path("state").asString()).isEqualTo("failed");
        assertThat(failed.path("lastError").path("class").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.path("lastError").path("message").asString()).isEqualTo("SMTP server unreachable");
        assertThat(failed.path("finishedAt").isNull()).isFalse();
        assertThat(failed.toString()).doesNotContain("\tat ");
        assertProblem(delete("/api/v1/jobs/" + id, SALON), 409, "conflict");
        assertThat(state(id)).isEqualTo("FAILED");
    }
}
