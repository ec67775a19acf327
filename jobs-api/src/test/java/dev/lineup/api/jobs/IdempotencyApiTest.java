package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idempotency key names one job: retries, even simultaneous ones, never make a second, and the
 * key keeps naming it after JobRunr removed the job's row.
 */
class IdempotencyApiTest extends ApiTestSupport {

    private static String smsWithKey(String key) {
        return "{\"type\": \"sms.send\", \"idempotencyKey\": \"" + key
                + "\", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}}";
    }

    private long rows(String id) {
        return jdbc.sql("select count(*) from jobrunr_jobs where id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }

    private long keyRows(String key) {
        return jdbc.sql("select count(*) from lineup_idempotency_keys where producer = 'salon' and key = ?")
                .param(key)
                .query(Long.class)
                .single();
    }

    @Test
    void theSameKeyTwiceAnswers202Then200WithTheSameJob() {
        Response first = post("/api/v1/jobs", SALON, smsWithKey("booking-41:reminder"));
        Response second = post("/api/v1/jobs", SALON, smsWithKey("booking-41:reminder"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        String id = first.json().path("id").asString();
        assertThat(second.json().path("id").asString()).isEqualTo(id);
        assertThat(second.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
        assertThat(rows(id)).isOne();
    }

    @Test
    void aRepeatWithAnotherPayloadStillReturnsTheFirstJob() {
        String id = post("/api/v1/jobs", SALON, smsWithKey("booking-42:reminder"))
                .json()
                .path("id")
                .asString();

        Response repeat = post("/api/v1/jobs", SALON, """
                {"type": "webhook.call", "idempotencyKey": "booking-42:reminder", "payload": {"url": "https://app.example.com/h"}}""");

        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().path("id").asString()).isEqualTo(id);
        assertThat(repeat.json().path("type").asString()).isEqualTo("sms.send");
        assertThat(rows(id)).isOne();
    }

    @Test
    void fiftySimultaneousRequestsWithOneKeyMakeOneJob() throws InterruptedException, ExecutionException {
        int requests = 50;

        List<Response> responses =
                Simultaneously.run(requests, i -> post("/api/v1/jobs", SALON, smsWithKey("booking-43:confirmation")));

        assertThat(responses)
                .extracting(Response::status)
                .filteredOn(s -> s == 202)
                .hasSize(1);
        assertThat(responses)
                .extracting(Response::status)
                .filteredOn(s -> s == 200)
                .hasSize(requests - 1);
        String id = responses.get(0).json().path("id").asString();
        assertThat(responses).extracting(r -> r.json().path("id").asString()).containsOnly(id);
        assertThat(rows(id)).isOne();
        assertThat(keyRows("booking-43:confirmation")).isOne();
    }

    @Test
    void aKeyStillResolvesAfterJobRunrRemovedTheJob() {
        String id = post("/api/v1/jobs", SALON, smsWithKey("booking-45:reminder"))
                .json()
                .path("id")
                .asString();
        // what JobRunr's housekeeping does to a job that ended long enough ago
        jdbc.sql("delete from jobrunr_jobs where id = ?").param(id).update();

        Response repeat = post("/api/v1/jobs", SALON, smsWithKey("booking-45:reminder"));
        JsonNode inBatch = post("/api/v1/jobs/batch", SALON, "{\"jobs\": [" + smsWithKey("booking-45:reminder") + "]}")
                .json()
                .path("jobs")
                .get(0);

        assertThat(repeat.status()).as(repeat.body()).isEqualTo(200);
        JsonNode job = repeat.json();
        assertThat(job.path("id").asString()).isEqualTo(id);
        assertThat(job.path("state").asString()).isEqualTo("purged");
        assertThat(job.path("note").asString()).contains("removed", "no new job");
        assertThat(job.path("type").isNull()).isTrue();
        assertThat(job.path("createdAt").isNull()).isTrue();
        assertThat(inBatch.path("id").asString()).isEqualTo(id);
        assertThat(inBatch.path("state").asString()).isEqualTo("purged");
        assertThat(inBatch.path("created").asBoolean()).isFalse();
        assertThat(rows(id)).isZero();
        assertProblem(get("/api/v1/jobs/" + id, SALON), 404, "not-found");
    }

    @Test
    void twoProducersWithTheSameKeyGetTwoJobs() {
        Response salon = post("/api/v1/jobs", SALON, smsWithKey("booking-44:reminder"));
        Response clinic = post("/api/v1/jobs", CLINIC, smsWithKey("booking-44:reminder"));

        assertThat(salon.status()).isEqualTo(202);
        assertThat(clinic.status()).isEqualTo(202);
        String salonId = salon.json().path("id").asString();
        String clinicId = clinic.json().path("id").asString();
        assertThat(salonId).isNotEqualTo(clinicId);
        assertThat(rows(salonId)).isOne();
        assertThat(rows(clinicId)).isOne();
        assertThat(get("/api/v1/jobs/" + clinicId, CLINIC)
                        .json()
                        .path("producer")
                        .asString())
                .isEqualTo("clinic");
    }
}
