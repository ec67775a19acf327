package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.job.JobMetadata;
import org.jobrunr.jobs.Job;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields a job may carry beyond its payload — maxAttempts, timeout, expiresAt, key, replace,
 * tags — are stored and shown, and a bad one is named in a 400 that stores nothing.
 */
class JobFieldsApiTest extends ApiTestSupport {

    @Autowired
    StorageProvider storage;

    private static String sms(String extra) {
        return "{\"type\": \"sms.send\", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}, " + extra + "}";
    }

    /** Rows of every table an enqueue writes. */
    private List<Long> rows() {
        return List.of(
                jobRows(),
                jdbc.sql("select count(*) from lineup_job_keys")
                        .query(Long.class)
                        .single(),
                jdbc.sql("select count(*) from lineup_job_tags")
                        .query(Long.class)
                        .single(),
                jdbc.sql("select count(*) from lineup_idempotency_keys")
                        .query(Long.class)
                        .single());
    }

    @Test
    void theFieldsAreStoredAndShown() {
        Response response = post("/api/v1/jobs", SALON, sms("""
                "maxAttempts": 3, "timeout": "PT45S", "runAt": "2099-01-01T09:00:00Z", "expiresAt": "2099-01-01T11:00:00+01:00",
                "key": "booking-9000:reminder-1h", "tags": ["booking:9000", "customer:12", "booking:9000"]"""));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String id = response.json().path("id").asString();
        for (JsonNode job :
                List.of(response.json(), get("/api/v1/jobs/" + id, SALON).json())) {
            assertThat(job.path("maxAttempts").asInt()).isEqualTo(3);
            assertThat(job.path("expiresAt").asString()).isEqualTo("2099-01-01T10:00:00Z");
            assertThat(job.path("key").asString()).isEqualTo("booking-9000:reminder-1h");
            assertThat(job.path("tags")).extracting(JsonNode::asString).containsExactly("booking:9000", "customer:12");
        }
        Job stored = storage.getJobById(UUID.fromString(id));
        assertThat(stored.getAmountOfRetries()).isEqualTo(2);
        assertThat(JobMetadata.timeout(stored.getMetadata())).hasValue(Duration.ofSeconds(45));
    }

    @Test
    void withoutThemTheTypesPolicyApplies() {
        JsonNode job = post("/api/v1/jobs", SALON, SMS).json();

        assertThat(job.path("maxAttempts").asInt())
                .isEqualTo(JobCatalog.byName("sms.send").orElseThrow().retry().maxAttempts());
        assertThat(job.path("key").isNull()).isTrue();
        assertThat(job.path("tags")).isEmpty();
        assertThat(job.path("expiresAt").isNull()).isTrue();
        assertThat(job.has("note")).isFalse();
    }

    @Test
    void aPastDeadlineIsAccepted() {
        Response response = post("/api/v1/jobs", SALON, sms("\"expiresAt\": \"2020-01-01T00:00:00Z\""));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("expiresAt").asString()).isEqualTo("2020-01-01T00:00:00Z");
    }

    @Test
    void aJobDeletedForItsDeadlineShowsAsExpired() {
        String id = post("/api/v1/jobs", SALON, sms("\"expiresAt\": \"2020-01-01T00:00:00Z\""))
                .json()
                .path("id")
                .asString();
        Job job = storage.getJobById(UUID.fromString(id));
        job.delete("Expired: expiresAt 2020-01-01T00:00:00Z passed before it started");
        storage.save(job);

        JsonNode expired = get("/api/v1/jobs/" + id, SALON).json();

        assertThat(expired.path("state").asString()).isEqualTo("expired");
        assertThat(expired.path("stateReason").asString())
                .isEqualTo("Expired: expiresAt 2020-01-01T00:00:00Z passed before it started");
        assertThat(expired.path("finishedAt").isNull()).isFalse();
        assertThat(get(
                                "/api/v1/jobs/"
                                        + post("/api/v1/jobs", SALON, SMS)
                                                .json()
                                                .path("id")
                                                .asString(),
                                SALON)
                        .json()
                        .path("state")
                        .asString())
                .isEqualTo("enqueued");
    }

    @Test
    void aJobItsHandlerDroppedShowsAsDroppedWithTheReason() {
        String id = post("/api/v1/jobs", SALON, SMS).json().path("id").asString();
        Job job = storage.getJobById(UUID.fromString(id));
        job.delete("Dropped: +14155550123 got 3 text messages in the last 10 minutes");
        storage.save(job);

        JsonNode dropped = get("/api/v1/jobs/" + id, SALON).json();

        assertThat(dropped.path("state").asString()).isEqualTo("dropped");
        assertThat(dropped.path("stateReason").asString())
                .isEqualTo("Dropped: +14155550123 got 3 text messages in the last 10 minutes");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            maxAttempts    | 0
            maxAttempts    | 101
            maxAttempts    | 2.5
            maxAttempts    | "3"
            maxAttempts    | 99999999999
            timeout        | "30s"
            timeout        | "PT0.5S"
            timeout        | "PT1H0.001S"
            timeout        | "P1D"
            timeout        | "-PT5S"
            timeout        | 30
            expiresAt      | "2026-11-24T09:00:00"
            expiresAt      | "next week"
            key            | ""
            key            | "   "
            key            | "a\\nb"
            key            | 42
            replace        | "true"
            replace        | 1
            tags           | "booking:1"
            tags           | ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
            """)
    void aBadFieldIsNamedAndNothingIsStored(String field, String json) {
        List<Long> before = rows();

        // the other fields are good and would each write a row, were anything stored
        String others = "\"idempotencyKey\": \"bad-" + field + json.hashCode() + "\""
                + (field.equals("key") ? "" : ", \"key\": \"bad-input\"")
                + (field.equals("tags") ? "" : ", \"tags\": [\"bad-input\"]");
        Response response = post("/api/v1/jobs", SALON, sms(others + ", \"" + field + "\": " + json));

        assertProblem(response, 400, "invalid-request", field);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aKeyIsAtMost200Characters() {
        assertThat(post("/api/v1/jobs", SALON, sms("\"key\": \"" + "k".repeat(200) + "\""))
                        .status())
                .isEqualTo(202);
        assertProblem(
                post("/api/v1/jobs", SALON, sms("\"key\": \"" + "k".repeat(201) + "\"")),
                400,
                "invalid-request",
                "key");
    }

    @Test
    void eachBadTagIsNamedByItsPosition() {
        List<Long> before = rows();

        Response response = post(
                "/api/v1/jobs",
                SALON,
                sms("\"tags\": [\"ok\", 7, \"\", \"" + "t".repeat(101) + "\", \"a\\tb\", \" \"]"));

        assertProblem(response, 400, "invalid-request", "tags[1]", "tags[2]", "tags[3]", "tags[4]", "tags[5]");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void expiresAtMustComeAfterRunAt() {
        assertProblem(
                post(
                        "/api/v1/jobs",
                        SALON,
                        sms("\"runAt\": \"2099-01-01T09:00:00Z\", \"expiresAt\": \"2099-01-01T09:00:00Z\"")),
                400,
                "invalid-request",
                "expiresAt");
        assertProblem(
                post(
                        "/api/v1/jobs",
                        SALON,
                        sms("\"runAt\": \"2099-01-01T09:00:00Z\", \"expiresAt\": \"2099-01-01T08:00:00Z\"")),
                400,
                "invalid-request",
                "expiresAt");
    }

    @Test
    void replaceNeedsAKey() {
        assertProblem(post("/api/v1/jobs", SALON, sms("\"replace\": true")), 400, "invalid-request", "replace");
        assertThat(post("/api/v1/jobs", SALON, sms("\"replace\": false")).status())
                .isEqualTo(202);
    }

    @Test
    void everyBadFieldOfEveryBatchItemIsNamed() {
        List<Long> before = rows();

        Response response = post(
                "/api/v1/jobs/batch",
                SALON,
                "{\"jobs\": [" + sms("\"tags\": [\"ok\"]") + ", "
                        + sms("\"tags\": [\"a\", \"b\", \"\"], \"maxAttempts\": 0") + ", "
                        + sms("\"timeout\": \"PT2H\", \"expiresAt\": \"soon\", \"key\": \"\", \"replace\": \"yes\"")
                        + "]}");

        assertProblem(
                response,
                400,
                "invalid-request",
                "jobs[1].tags[2]",
                "jobs[1].maxAttempts",
                "jobs[2].timeout",
                "jobs[2].expiresAt",
                "jobs[2].key",
                "jobs[2].replace");
        assertThat(rows()).isEqualTo(before);
    }
}
