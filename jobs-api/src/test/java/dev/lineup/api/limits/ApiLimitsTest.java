package dev.lineup.api.limits;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the API holds each producer to, answered as a client sees it: the rate-limit fields on
 * every answer, 429 problem+json with Retry-After past a rate or quota, 403 for a priority above
 * the producer's ceiling, and 429 for an address that keeps failing to authenticate.
 */
@TestPropertySource(
        properties = {
            "lineup.api.keys=salon:salon-key-123,clinic:clinic-key-456,ops:ops-key-789,bulk:bulk-key-000,noisy:noisy-key-111",
            "lineup.api.limits.request-rate=off",
            "lineup.api.limits.producer-request-rate=noisy=3/1h",
            "lineup.api.limits.producer-job-rate=bulk=5/1h",
            "lineup.api.limits.max-waiting-jobs=8",
            "lineup.api.limits.max-priority=high",
            "lineup.api.limits.producer-max-priority=clinic=critical",
            "lineup.api.limits.auth-failure-rate=3/1h"
        })
class ApiLimitsTest extends ApiTestSupport {

    private static final String NOISY = "noisy-key-111";
    private static final String BULK = "bulk-key-000";

    private static String sms(String priority) {
        return """
                {"type": "sms.send", "priority": "%s", "payload": {"to": "+14155550123", "text": "Your code is 481516"}}""".formatted(priority);
    }

    @Test
    void everyAnswerCarriesTheRateFieldsAndARequestOverTheRateIs429() {
        var first = get("/api/v1/job-types", NOISY);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Policy")).contains("\"requests\";q=3;w=3600");
        assertThat(first.headers().firstValue("RateLimit"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("\"requests\";r=2;t="));
        get("/api/v1/job-types", NOISY);
        get("/api/v1/job-types", NOISY);

        var refused = get("/api/v1/job-types", NOISY);
        assertProblem(refused, 429, "too-many-requests");
        assertThat(refused.json().path("violated-policies").get(0).asString()).isEqualTo("requests");
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(refused.headers().firstValue("RateLimit"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("\"requests\";r=0;"));
        assertThat(get("/api/v1/job-types", SALON).status())
                .as("another producer is not held back")
                .isEqualTo(200);
    }

    @Test
    void jobsOverTheJobRateAreRefusedWholeAndNothingIsStored() {
        long before = jobRows();
        var batch = post(
                "/api/v1/jobs/batch",
                BULK,
                "{\"jobs\": [" + String.join(",", java.util.Collections.nCopies(6, sms("normal"))) + "]}");
        assertProblem(batch, 429, "too-many-requests");
        assertThat(batch.body()).contains("5 jobs per");
        assertThat(jobRows()).isEqualTo(before);
        assertThat(post("/api/v1/jobs", BULK, sms("normal")).status())
                .as("one fits")
                .isEqualTo(202);
    }

    @Test
    void aPriorityAboveTheProducersCeilingIs403NamingTheField() {
        long before = jobRows();
        var refused = post("/api/v1/jobs", SALON, sms("critical"));
        assertProblem(refused, 403, "forbidden", "priority");
        assertThat(refused.json().path("detail").asString())
                .contains("up to high")
                .contains("LINEUP_PRODUCER_MAX_PRIORITY=salon=critical");
        var inBatch = post("/api/v1/jobs/batch", SALON, "{\"jobs\": [" + sms("high") + "," + sms("critical") + "]}");
        assertProblem(inBatch, 403, "forbidden", "jobs[1].priority");
        assertThat(jobRows()).isEqualTo(before);

        assertThat(post("/api/v1/jobs", CLINIC, sms("critical")).status())
                .as("allowed by name")
                .isEqualTo(202);
        assertThat(post("/api/v1/jobs", OPERATOR, sms("critical")).status())
                .as("operators may use any")
                .isEqualTo(202);
    }

    @Test
    void aProducerPastItsWaitingQuotaIs429() {
        String later = """
                {"type": "sms.send", "runAt": "2099-01-01T00:00:00Z", "payload": {"to": "+14155550123", "text": "later"}}""";
        int accepted = 0;
        ApiTestSupport.Response last = null;
        for (int i = 0; i < 12; i++) {
            last = post("/api/v1/jobs", "salon-key-123", later);
            if (last.status() != 202) break;
            accepted++;
        }
        assertThat(accepted).isLessThanOrEqualTo(8).isPositive();
        assertProblem(last, 429, "too-many-requests");
        assertThat(last.json().path("violated-policies").get(0).asString()).isEqualTo("waiting-jobs");
    }

    @Test
    void anAddressThatKeepsFailingToAuthenticateIsSlowedDown() {
        for (int i = 0; i < 3; i++)
            assertThat(get("/api/v1/job-types", "wrong-key-" + i).status()).isEqualTo(401);
        var slowed = get("/api/v1/job-types", "wrong-key-4");
        assertProblem(slowed, 429, "too-many-requests");
        assertThat(slowed.headers().firstValue("Retry-After")).isPresent();
    }
}
