package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** An idempotency key names one job: retries, even simultaneous ones, never make a second. */
class IdempotencyApiTest extends ApiTestSupport {

    private static String smsWithKey(String key) {
        return "{\"type\": \"sms.send\", \"idempotencyKey\": \"" + key + "\", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}}";
    }

    private long rows(String id) {
        return jdbc.sql("select count(*) from jobrunr_jobs where id = ?").param(id).query(Long.class).single();
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
        String id = post("/api/v1/jobs", SALON, smsWithKey("booking-42:reminder")).json().path("id").asString();

        Response repeat = post("/api/v1/jobs", SALON, """
                {"type": "report.daily", "idempotencyKey": "booking-42:reminder", "payload": {}}""");

        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().path("id").asString()).isEqualTo(id);
        assertThat(repeat.json().path("type").asString()).isEqualTo("sms.send");
        assertThat(rows(id)).isOne();
    }

    @Test
    void twentySimultaneousRequestsWithOneKeyMakeOneJob() throws InterruptedException, ExecutionException {
        int requests = 20;
        ExecutorService executor = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch ready = new CountDownLatch(requests);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    go.await();
                    return post("/api/v1/jobs", SALON, smsWithKey("booking-43:confirmation"));
                }));
            }
            ready.await();
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) responses.add(future.get());

            assertThat(responses).extracting(Response::status).filteredOn(s -> s == 202).hasSize(1);
            assertThat(responses).extracting(Response::status).filteredOn(s -> s == 200).hasSize(requests - 1);
            String id = responses.get(0).json().path("id").asString();
            assertThat(responses).extracting(r -> r.json().path("id").asString()).containsOnly(id);
            assertThat(rows(id)).isOne();
        } finally {
            executor.shutdownNow();
        }
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
        assertThat(get("/api/v1/jobs/" + clinicId, CLINIC).json().path("producer").asString()).isEqualTo("clinic");
    }
}
