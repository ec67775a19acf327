package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Timestamp;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A producer cancels and moves a job by its business key, as long as the job has not started. */
class ByKeyApiTest extends ApiTestSupport {

    @Autowired
    StorageProvider storage;

    private String enqueue(String key, String runAt) {
        String runAtField = runAt == null ? "" : "\"runAt\": \"" + runAt + "\", ";
        Response response = post(
                "/api/v1/jobs",
                SALON,
                "{\"type\": \"sms.send\", \"key\": \"" + key + "\", " + runAtField
                        + "\"payload\": {\"to\": \"+14155550123\", \"text\": \"See you tomorrow\"}}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("id").asString();
    }

    private Response move(String path, String apiKey, String body) {
        return send(request("/api/v1/jobs/by-key/" + path, apiKey)
                .header("Content-Type", JSON)
                .PUT(BodyPublishers.ofString(body)));
    }

    private String state(String id) {
        return jdbc.sql("select state from jobrunr_jobs where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private Instant scheduledAtRow(String id) {
        return jdbc.sql("select scheduledat from jobrunr_jobs where id = ?")
                .param(id)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    @Test
    void movesAScheduledJob() {
        String id = enqueue("move-1", "2099-01-01T09:00:00Z");

        Response moved = move("move-1", SALON, "{\"runAt\": \"2099-06-01T10:00:00+02:00\"}");

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().path("id").asString()).isEqualTo(id);
        assertThat(moved.json().path("state").asString()).isEqualTo("scheduled");
        assertThat(moved.json().path("scheduledAt").asString()).isEqualTo("2099-06-01T08:00:00Z");
        assertThat(moved.json().path("key").asString()).isEqualTo("move-1");
        assertThat(state(id)).isEqualTo("SCHEDULED");
        assertThat(scheduledAtRow(id)).isEqualTo(Instant.parse("2099-06-01T08:00:00Z"));
        assertThat(get("/api/v1/jobs/" + id, SALON).json().path("scheduledAt").asString())
                .isEqualTo("2099-06-01T08:00:00Z");
    }

    @Test
    void movesAnEnqueuedJobLater() {
        String id = enqueue("move-2", null);

        Response moved = move("move-2", SALON, "{\"runAt\": \"2099-01-01T09:00:00Z\"}");

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().path("state").asString()).isEqualTo("scheduled");
        assertThat(state(id)).isEqualTo("SCHEDULED");
    }

    @Test
    void aRunAtInThePastMakesItReadyAtOnce() {
        String id = enqueue("move-3", "2099-01-01T09:00:00Z");

        Response moved = move("move-3", SALON, "{\"runAt\": \"2020-01-01T00:00:00Z\"}");

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().path("state").asString()).isEqualTo("enqueued");
        assertThat(state(id)).isEqualTo("ENQUEUED");
    }

    @Test
    void aRunningJobIsNeitherMovedNorCancelled() {
        String id = enqueue("move-4", null);
        WorkerSteps.startProcessing(storage, id);

        Response moved = move("move-4", SALON, "{\"runAt\": \"2099-01-01T09:00:00Z\"}");
        Response cancelled = delete("/api/v1/jobs/by-key/move-4", SALON);

        assertProblem(moved, 409, "conflict");
        assertThat(moved.json().path("detail").asString()).contains("processing");
        assertProblem(cancelled, 409, "conflict");
        assertThat(state(id)).isEqualTo("PROCESSING");
    }

    @Test
    void cancelsTheJobTheKeyNamesOnce() {
        String id = enqueue("cancel-1", "2099-01-01T09:00:00Z");

        Response cancelled = delete("/api/v1/jobs/by-key/cancel-1", SALON);
        Response again = delete("/api/v1/jobs/by-key/cancel-1", SALON);
        Response moveEnded = move("cancel-1", SALON, "{\"runAt\": \"2099-01-01T09:00:00Z\"}");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("id").asString()).isEqualTo(id);
        assertThat(cancelled.json().path("state").asString()).isEqualTo("deleted");
        assertThat(state(id)).isEqualTo("DELETED");
        assertProblem(again, 409, "conflict");
        assertProblem(moveEnded, 409, "conflict");
    }

    @Test
    void unknownKeysAndOtherProducersKeysAreNotFound() {
        String id = enqueue("cancel-2", null);

        assertProblem(delete("/api/v1/jobs/by-key/no-such-key", SALON), 404, "not-found");
        assertProblem(move("no-such-key", SALON, "{\"runAt\": \"2099-01-01T09:00:00Z\"}"), 404, "not-found");
        assertProblem(delete("/api/v1/jobs/by-key/cancel-2", CLINIC), 404, "not-found");
        assertProblem(move("cancel-2", CLINIC, "{\"runAt\": \"2099-01-01T09:00:00Z\"}"), 404, "not-found");
        assertThat(state(id)).isEqualTo("ENQUEUED");
    }

    @Test
    void aBadMoveNamesWhatIsWrongAndChangesNothing() {
        String id = enqueue("move-5", "2099-01-01T09:00:00Z");
        post("/api/v1/jobs", SALON, """
                {"type": "sms.send", "key": "move-6", "runAt": "2099-01-01T09:00:00Z", "expiresAt": "2099-01-02T09:00:00Z",
                 "payload": {"to": "+14155550123", "text": "hi"}}""");

        assertProblem(move("move-5", SALON, "{\"runAt\": \"tomorrow\"}"), 400, "invalid-request", "runAt");
        assertProblem(move("move-5", SALON, "{\"runAt\": \"2099-01-01T09:00:00\"}"), 400, "invalid-request", "runAt");
        assertProblem(move("move-5", SALON, "{}"), 400, "invalid-request", "runAt");
        assertProblem(
                move("move-5", SALON, "{\"runAt\": \"2099-02-01T09:00:00Z\", \"delay\": 5}"),
                400,
                "invalid-request",
                "delay");
        assertProblem(move("move-5", SALON, "[]"), 400, "invalid-request", "body");
        assertProblem(move("move-6", SALON, "{\"runAt\": \"2099-01-03T09:00:00Z\"}"), 400, "invalid-request", "runAt");
        assertThat(scheduledAtRow(id)).isEqualTo(Instant.parse("2099-01-01T09:00:00Z"));
    }

    @Test
    void aKeyWithSpacesAndSlashesIsTheRestOfThePath() {
        String id = enqueue("booking 8820/reminder-24h", null);

        JsonNode cancelled =
                delete("/api/v1/jobs/by-key/booking%208820/reminder-24h", SALON).json();

        assertThat(cancelled.path("id").asString()).isEqualTo(id);
        assertThat(cancelled.path("key").asString()).isEqualTo("booking 8820/reminder-24h");
        assertThat(state(id)).isEqualTo("DELETED");
    }

    @Test
    void aBadKeyInThePathIsNamed() {
        assertProblem(delete("/api/v1/jobs/by-key/", SALON), 400, "invalid-request", "key");
        assertProblem(delete("/api/v1/jobs/by-key/%20", SALON), 400, "invalid-request", "key");
        assertProblem(delete("/api/v1/jobs/by-key/" + "k".repeat(201), SALON), 400, "invalid-request", "key");
    }
}
