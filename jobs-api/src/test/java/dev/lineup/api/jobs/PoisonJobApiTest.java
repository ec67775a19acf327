package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import dev.lineup.engine.deadletter.Quarantine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job whose stored row can no longer be read or run is answered, cancelled, listed and
 * discarded through the API like any dead letter, never with a 500: the first read quarantines it.
 */
class PoisonJobApiTest extends ApiTestSupport {

    @Autowired
    Quarantine quarantine;

    private String scheduled(String tag) {
        Response response = post(
                "/api/v1/jobs",
                SALON,
                "{\"type\": \"sms.send\", \"runAt\": \"2099-01-01T09:00:00Z\", \"tags\": [\"" + tag
                        + "\"], \"payload\": {\"to\": \"+14155550123\", \"text\": \"Reminder\"}}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("id").asString();
    }

    private void poison(String id, String sqlExpression) {
        jdbc.sql("update jobrunr_jobs set jobasjson = " + sqlExpression + " where id = ?")
                .param(id)
                .update();
    }

    private static final List<String> POISONS = List.of(
            "'{\"version\": 0, \"jobName\": \"sms.send\", \"labels\": [\"sms.send\", \"priority:normal\", \"producer:salon\"], broken'",
            "'{\"deep\": " + "[".repeat(600) + "]".repeat(600) + ", ' || substr(jobasjson, 2)",
            "replace(jobasjson, 'dev.lineup.core.catalog.SendSms', 'dev.lineup.core.catalog.SendFax')");

    @Test
    void aPoisonedJobCanBeReadAndIsADeadLetter() {
        long before = quarantine.count();
        for (String poison : POISONS) {
            String id = scheduled("read");
            poison(id, poison);

            Response read = get("/api/v1/jobs/" + id, SALON);
            Response cancel = delete("/api/v1/jobs/" + id, SALON);

            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.json().path("state").asString()).isEqualTo("failed");
            assertThat(read.json().path("lastError").path("class").asString()).endsWith("QuarantinedJobException");
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
            assertThat(cancel.contentType()).startsWith("application/problem+json");
        }
        assertThat(quarantine.count() - before).isEqualTo(POISONS.size());
    }

    @Test
    void cancelByTagGoesPastAPoisonedJob() {
        String poisoned = scheduled("booking:poison");
        String healthy = scheduled("booking:poison");
        poison(poisoned, POISONS.get(1));

        Response response = delete("/api/v1/jobs?tag=booking:poison", SALON);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("cancelled").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("select state from jobrunr_jobs where id = ?")
                        .param(healthy)
                        .query(String.class)
                        .single())
                .isEqualTo("DELETED");
        assertThat(jdbc.sql("select state from jobrunr_jobs where id = ?")
                        .param(poisoned)
                        .query(String.class)
                        .single())
                .isEqualTo("FAILED");
    }

    @Test
    void aPoisonedJobIsListedAndDiscardedAsADeadLetter() {
        String id = scheduled("discard");
        poison(id, POISONS.get(0));
        get("/api/v1/jobs/" + id, SALON);

        Response list = get("/api/v1/dead-letters", SALON);
        Response discard = delete("/api/v1/dead-letters/" + id, SALON);

        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains(id);
        assertThat(discard.status()).as(discard.body()).isEqualTo(200);
        assertThat(jdbc.sql("select state from jobrunr_jobs where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("DELETED");
    }
}
