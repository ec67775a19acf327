package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling by tag cancels all and only the caller's tagged jobs that have not started. */
class CancelByTagApiTest extends ApiTestSupport {

    @Autowired
    StorageProvider storage;

    private String enqueue(String apiKey, String tags, String runAt) {
        String runAtField = runAt == null ? "" : "\"runAt\": \"" + runAt + "\", ";
        Response response = post(
                "/api/v1/jobs",
                apiKey,
                "{\"type\": \"sms.send\", \"tags\": " + tags + ", " + runAtField
                        + "\"payload\": {\"to\": \"+14155550123\", \"text\": \"Reminder\"}}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("id").asString();
    }

    private String state(String id) {
        return jdbc.sql("select state from jobrunr_jobs where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    @Test
    void cancelsEveryWaitingJobOfTheCallerWithTheTag() {
        String enqueued = enqueue(SALON, "[\"booking:8812\"]", null);
        String scheduled = enqueue(SALON, "[\"customer:77\", \"booking:8812\"]", "2099-01-01T09:00:00Z");
        String running = enqueue(SALON, "[\"booking:8812\"]", null);
        WorkerSteps.startProcessing(storage, running);
        String ended = enqueue(SALON, "[\"booking:8812\"]", null);
        delete("/api/v1/jobs/" + ended, SALON);
        String otherProducers = enqueue(CLINIC, "[\"booking:8812\"]", null);
        String untagged = enqueue(SALON, "[]", null);
        String otherTag = enqueue(SALON, "[\"booking:88120\"]", null);

        Response response = delete("/api/v1/jobs?tag=booking:8812", SALON);
        Response again = delete("/api/v1/jobs?tag=booking:8812", SALON);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("cancelled").asInt()).isEqualTo(2);
        assertThat(again.json().path("cancelled").asInt()).isZero();
        assertThat(state(enqueued)).isEqualTo("DELETED");
        assertThat(state(scheduled)).isEqualTo("DELETED");
        assertThat(state(running)).isEqualTo("PROCESSING");
        assertThat(state(ended)).isEqualTo("DELETED");
        assertThat(state(otherProducers)).isEqualTo("ENQUEUED");
        assertThat(state(untagged)).isEqualTo("ENQUEUED");
        assertThat(state(otherTag)).isEqualTo("ENQUEUED");
        assertThat(get("/api/v1/jobs/" + scheduled, SALON).json().path("tags"))
                .extracting(t -> t.asString())
                .containsExactly("booking:8812", "customer:77");
    }

    @Test
    void aTagNeedsPercentEncodingOnlyWhereUrlsDo() {
        String id = enqueue(SALON, "[\"booking 8813&co\"]", null);

        Response response = delete("/api/v1/jobs?tag=booking%208813%26co", SALON);

        assertThat(response.json().path("cancelled").asInt()).isEqualTo(1);
        assertThat(state(id)).isEqualTo("DELETED");
    }

    @Test
    void aMissingOrBadTagIsNamed() {
        assertProblem(delete("/api/v1/jobs", SALON), 400, "invalid-request", "tag");
        assertProblem(delete("/api/v1/jobs?tag=", SALON), 400, "invalid-request", "tag");
        assertProblem(delete("/api/v1/jobs?tag=%20%20", SALON), 400, "invalid-request", "tag");
        assertProblem(delete("/api/v1/jobs?tag=" + "t".repeat(101), SALON), 400, "invalid-request", "tag");
        assertProblem(delete("/api/v1/jobs?tag=a%07b", SALON), 400, "invalid-request", "tag");
    }
}
