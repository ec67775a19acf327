package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A business key names one waiting job per producer: enqueueing under a key that names a waiting
 * job is refused, or replaces it when asked; a running job is never replaced; an ended one frees the key.
 */
class BusinessKeyApiTest extends ApiTestSupport {

    @Autowired
    StorageProvider storage;

    private static String keyed(String key, boolean replace) {
        return "{\"type\": \"sms.send\", \"key\": \"" + key + "\", \"replace\": " + replace
                + ", \"payload\": {\"to\": \"+14155550123\", \"text\": \"Your appointment is tomorrow\"}}";
    }

    private String enqueue(String key, boolean replace) {
        Response response = post("/api/v1/jobs", SALON, keyed(key, replace));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("id").asString();
    }

    private String state(String id) {
        return jdbc.sql("select state from jobrunr_jobs where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private String named(String producer, String key) {
        return jdbc.sql("select job_id::text from lineup_job_keys where producer = ? and key = ?")
                .params(producer, key)
                .query(String.class)
                .single();
    }

    @Test
    void aKeyNamingAWaitingJobIsRefusedByDefault() {
        String first = enqueue("booking-8812:reminder-24h", false);
        long before = jobRows();

        Response second = post("/api/v1/jobs", SALON, keyed("booking-8812:reminder-24h", false));

        assertProblem(second, 409, "conflict", "key");
        assertThat(second.json().path("jobId").asString()).isEqualTo(first);
        assertThat(second.errorMessage("key")).contains(first, "has not started");
        assertThat(second.json().path("detail").asString()).contains("replace");
        assertThat(jobRows()).isEqualTo(before);
        assertThat(state(first)).isEqualTo("ENQUEUED");
        assertThat(named("salon", "booking-8812:reminder-24h")).isEqualTo(first);
    }

    @Test
    void replaceCancelsTheWaitingJobAndTheKeyNamesTheNewOne() {
        String first = post("/api/v1/jobs", SALON, """
                {"type": "sms.send", "key": "booking-8813:reminder-24h", "runAt": "2099-01-01T09:00:00Z",
                 "payload": {"to": "+14155550123", "text": "See you at 10"}}""").json().path("id").asString();

        String second = enqueue("booking-8813:reminder-24h", true);

        assertThat(second).isNotEqualTo(first);
        assertThat(state(first)).isEqualTo("DELETED");
        assertThat(state(second)).isEqualTo("ENQUEUED");
        assertThat(named("salon", "booking-8813:reminder-24h")).isEqualTo(second);
        assertThat(get("/api/v1/jobs/" + first, SALON).json().path("key").isNull())
                .isTrue();
        assertThat(get("/api/v1/jobs/" + second, SALON).json().path("key").asString())
                .isEqualTo("booking-8813:reminder-24h");
    }

    @Test
    void aRunningJobIsNotReplaced() {
        String first = enqueue("booking-8814:reminder-24h", false);
        WorkerSteps.startProcessing(storage, first);
        long before = jobRows();

        Response refused = post("/api/v1/jobs", SALON, keyed("booking-8814:reminder-24h", true));

        assertProblem(refused, 409, "conflict", "key");
        assertThat(refused.json().path("jobId").asString()).isEqualTo(first);
        assertThat(refused.json().path("detail").asString()).contains("running");
        assertThat(jobRows()).isEqualTo(before);
        assertThat(state(first)).isEqualTo("PROCESSING");
        assertThat(named("salon", "booking-8814:reminder-24h")).isEqualTo(first);
    }

    @Test
    void aKeyWhoseJobEndedCanBeUsedAgain() {
        String first = enqueue("booking-8815:reminder-24h", false);
        assertThat(delete("/api/v1/jobs/" + first, SALON).status()).isEqualTo(200);

        String second = enqueue("booking-8815:reminder-24h", false);

        assertThat(named("salon", "booking-8815:reminder-24h")).isEqualTo(second);
        assertThat(state(second)).isEqualTo("ENQUEUED");
    }

    @Test
    void keysArePerProducer() {
        String salon = enqueue("booking-8816:reminder-24h", false);

        Response clinic = post("/api/v1/jobs", CLINIC, keyed("booking-8816:reminder-24h", false));

        assertThat(clinic.status()).as(clinic.body()).isEqualTo(202);
        assertThat(named("clinic", "booking-8816:reminder-24h"))
                .isEqualTo(clinic.json().path("id").asString());
        assertThat(named("salon", "booking-8816:reminder-24h")).isEqualTo(salon);
        assertThat(state(salon)).isEqualTo("ENQUEUED");
    }

    @Test
    void twentySimultaneousReplacesLeaveExactlyOneWaitingJob() throws InterruptedException, ExecutionException {
        List<Response> responses =
                Simultaneously.run(20, i -> post("/api/v1/jobs", SALON, keyed("booking-8817:reminder-24h", true)));

        assertThat(responses).extracting(Response::status).containsOnly(202);
        List<String> ids =
                responses.stream().map(r -> r.json().path("id").asString()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        List<String> waiting =
                ids.stream().filter(id -> state(id).equals("ENQUEUED")).toList();
        assertThat(waiting).hasSize(1);
        assertThat(named("salon", "booking-8817:reminder-24h")).isEqualTo(waiting.get(0));
        assertThat(ids).filteredOn(id -> !id.equals(waiting.get(0))).allSatisfy(id -> assertThat(state(id))
                .isEqualTo("DELETED"));
    }

    @Test
    void aConflictInABatchNamesTheItemAndStoresNothing() {
        String existing = enqueue("booking-8818:reminder-24h", false);
        long before = jobRows();

        Response conflict = post(
                "/api/v1/jobs/batch",
                SALON,
                "{\"jobs\": [" + keyed("booking-8818:reminder-1h", false) + ", "
                        + keyed("booking-8818:reminder-24h", false) + "]}");
        Response repeated = post(
                "/api/v1/jobs/batch",
                SALON,
                "{\"jobs\": [" + keyed("booking-8818:reminder-2h", false) + ", "
                        + keyed("booking-8818:reminder-2h", true) + "]}");

        assertProblem(conflict, 409, "conflict", "jobs[1].key");
        assertThat(conflict.json().path("jobId").asString()).isEqualTo(existing);
        assertProblem(repeated, 400, "invalid-request", "jobs[1].key");
        assertThat(jobRows()).isEqualTo(before);
        assertThat(jdbc.sql(
                                "select count(*) from lineup_job_keys where key in ('booking-8818:reminder-1h', 'booking-8818:reminder-2h')")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aBatchCanReplace() {
        String existing = enqueue("booking-8819:reminder-24h", false);

        Response response =
                post("/api/v1/jobs/batch", SALON, "{\"jobs\": [" + keyed("booking-8819:reminder-24h", true) + "]}");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String replacement = response.json().path("jobs").get(0).path("id").asString();
        assertThat(response.json().path("jobs").get(0).path("key").asString()).isEqualTo("booking-8819:reminder-24h");
        assertThat(state(existing)).isEqualTo("DELETED");
        assertThat(named("salon", "booking-8819:reminder-24h")).isEqualTo(replacement);
    }
}
