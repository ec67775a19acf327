package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch is checked whole and stored whole, in order. */
class BatchApiTest extends ApiTestSupport {

    private static final String SMS_ITEM =
            "{\"type\": \"sms.send\", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}}";

    private static String batch(String... items) {
        return "{\"jobs\": [" + String.join(", ", items) + "]}";
    }

    @Test
    void storesEveryJobAndAnswersInRequestOrder() {
        long before = jobRows();

        Response response = post(
                "/api/v1/jobs/batch",
                OPERATOR,
                batch(
                        "{\"type\": \"report.daily\", \"payload\": {}}",
                        SMS_ITEM,
                        "{\"type\": \"webhook.call\", \"priority\": \"critical\", \"payload\": {\"url\": \"https://app.example.com/h\"}}"));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode jobs = response.json().path("jobs");
        assertThat(jobs).hasSize(3);
        assertThat(jobs)
                .extracting(j -> j.path("type").asString())
                .containsExactly("report.daily", "sms.send", "webhook.call");
        assertThat(jobs).extracting(j -> j.path("priority").asString()).containsExactly("low", "normal", "critical");
        assertThat(jobs).extracting(j -> j.path("created").asBoolean()).containsExactly(true, true, true);
        assertThat(jobs).extracting(j -> j.path("state").asString()).containsOnly("enqueued");
        for (JsonNode job : jobs) {
            String id = job.path("id").asString();
            assertThat(job.path("links").path("self").asString()).isEqualTo("/api/v1/jobs/" + id);
            assertThat(get("/api/v1/jobs/" + id, OPERATOR).status()).isEqualTo(200);
        }
        assertThat(jobRows()).isEqualTo(before + 3);
    }

    @Test
    void oneBadJobRejectsTheBatchAndNamesItsFields() {
        long before = jobRows();

        Response response = post(
                "/api/v1/jobs/batch",
                SALON,
                batch(
                        SMS_ITEM,
                        "{\"type\": \"sms.send\", \"payload\": {\"to\": \"0612\", \"text\": \"hi\"}}",
                        "{\"type\": \"fax.send\", \"payload\": {}}",
                        "{\"type\": \"sms.send\", \"runAt\": \"2026-11-24T09:00\", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}}",
                        "42"));

        assertProblem(
                response, 400, "invalid-request", "jobs[1].payload.to", "jobs[2].type", "jobs[3].runAt", "jobs[4]");
        assertThat(jobRows()).isEqualTo(before);
    }

    @Test
    void aRepeatedKeyNamesOneJob() {
        String keyed =
                "{\"type\": \"sms.send\", \"idempotencyKey\": \"batch-repeat\", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}}";
        String earlier =
                "{\"type\": \"sms.send\", \"idempotencyKey\": \"batch-earlier\", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}}";
        String earlierId =
                post("/api/v1/jobs", SALON, earlier).json().path("id").asString();
        long before = jobRows();

        JsonNode jobs = post("/api/v1/jobs/batch", SALON, batch(keyed, SMS_ITEM, keyed, earlier))
                .json()
                .path("jobs");

        assertThat(jobs).extracting(j -> j.path("created").asBoolean()).containsExactly(true, true, false, false);
        assertThat(jobs.get(2).path("id").asString())
                .isEqualTo(jobs.get(0).path("id").asString());
        assertThat(jobs.get(3).path("id").asString()).isEqualTo(earlierId);
        assertThat(jobRows()).isEqualTo(before + 2);
    }

    @Test
    void aBatchHoldsOneToAThousandJobs() {
        long before = jobRows();

        Response tooMany = post(
                "/api/v1/jobs/batch",
                SALON,
                batch(Collections.nCopies(1001, SMS_ITEM).toArray(String[]::new)));
        Response empty = post("/api/v1/jobs/batch", SALON, batch());
        Response missing = post("/api/v1/jobs/batch", SALON, "{\"job\": []}");

        assertProblem(tooMany, 400, "invalid-request", "jobs");
        assertProblem(empty, 400, "invalid-request", "jobs");
        assertProblem(missing, 400, "invalid-request", "jobs", "job");
        assertThat(jobRows()).isEqualTo(before);
    }

    @Test
    void aThousandJobsFit() {
        long before = jobRows();

        Response response = post(
                "/api/v1/jobs/batch",
                SALON,
                batch(Collections.nCopies(1000, SMS_ITEM).toArray(String[]::new)));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("jobs")).hasSize(1000);
        assertThat(jobRows()).isEqualTo(before + 1000);
    }

    @Test
    void eachPayloadMustFitTheSingleJobLimit() {
        long before = jobRows();
        String big = "{\"type\": \"sms.send\", \"payload\": {\"to\": \"+14155550123\", \"text\": \""
                + "x".repeat(70_000) + "\"}}";

        Response response = post("/api/v1/jobs/batch", SALON, batch(SMS_ITEM, big));

        assertProblem(response, 400, "invalid-request", "jobs[1].payload");
        assertThat(jobRows()).isEqualTo(before);
    }

    @Test
    void aBatchIsJsonWithAKey() {
        assertProblem(post("/api/v1/jobs/batch", null, batch(SMS_ITEM)), 401, "unauthorized");
        assertProblem(post("/api/v1/jobs/batch", SALON, "{\"jobs\": [}"), 400, "invalid-request", "body");
    }
}
