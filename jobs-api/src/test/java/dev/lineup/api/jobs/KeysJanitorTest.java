package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The janitor forgets idempotency keys past their window, and the keys and tags of removed jobs. */
class KeysJanitorTest extends ApiTestSupport {

    @SuppressWarnings("TimeInStaticInitializer") // one fixed "now" for the class; only times relative to it matter
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private KeysJanitor janitor(Instant now) {
        return new KeysJanitor(jdbc, Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(7));
    }

    private void idempotencyKey(String key, Instant createdAt) {
        jdbc.sql("insert into lineup_idempotency_keys (producer, key, job_id, created_at) values ('salon', ?, ?, ?)")
                .params(key, UUID.randomUUID(), createdAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    private boolean remembered(String key) {
        return jdbc.sql("select count(*) from lineup_idempotency_keys where producer = 'salon' and key = ?")
                        .param(key)
                        .query(Long.class)
                        .single()
                == 1;
    }

    private static String sms(String fields) {
        return "{\"type\": \"sms.send\", " + fields + ", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}}";
    }

    @Test
    void forgetsIdempotencyKeysOlderThanTheWindowAndKeepsYoungerOnes() {
        idempotencyKey("janitor-8-days", NOW.minus(Duration.ofDays(8)));
        idempotencyKey("janitor-6-days", NOW.minus(Duration.ofDays(6)));

        int forgotten = janitor(NOW).forgetOldIdempotencyKeys();

        assertThat(forgotten).isPositive();
        assertThat(remembered("janitor-8-days")).isFalse();
        assertThat(remembered("janitor-6-days")).isTrue();
    }

    @Test
    void aKeyPastItsWindowWhoseJobIsGoneMakesANewJob() {
        String id = post("/api/v1/jobs", SALON, sms("\"idempotencyKey\": \"janitor-repeat\""))
                .json()
                .path("id")
                .asString();
        jdbc.sql("delete from jobrunr_jobs where id = ?").param(id).update();
        assertThat(post("/api/v1/jobs", SALON, sms("\"idempotencyKey\": \"janitor-repeat\""))
                        .json()
                        .path("state")
                        .asString())
                .isEqualTo("purged");

        janitor(Instant.now().plus(Duration.ofDays(8))).forgetOldIdempotencyKeys();
        Response afterWindow = post("/api/v1/jobs", SALON, sms("\"idempotencyKey\": \"janitor-repeat\""));

        assertThat(afterWindow.status()).as(afterWindow.body()).isEqualTo(202);
        assertThat(afterWindow.json().path("state").asString()).isEqualTo("enqueued");
    }

    @Test
    void forgetsTheKeysAndTagsOfJobsJobRunrRemoved() {
        String removed = post("/api/v1/jobs", SALON, sms("\"key\": \"janitor-removed\", \"tags\": [\"janitor:1\"]"))
                .json()
                .path("id")
                .asString();
        String kept = post("/api/v1/jobs", SALON, sms("\"key\": \"janitor-kept\", \"tags\": [\"janitor:1\"]"))
                .json()
                .path("id")
                .asString();
        jdbc.sql("delete from jobrunr_jobs where id = ?").param(removed).update();

        janitor(Instant.now()).forgetRemovedJobs();
        long keysWithinGrace = jdbc.sql("select count(*) from lineup_job_keys where key = 'janitor-removed'")
                .query(Long.class)
                .single();
        janitor(Instant.now().plus(Duration.ofHours(2))).forgetRemovedJobs();

        assertThat(keysWithinGrace).isOne();
        assertThat(jdbc.sql("select key from lineup_job_keys where key like 'janitor-%'")
                        .query(String.class)
                        .list())
                .containsExactly("janitor-kept");
        assertThat(jdbc.sql("select job_id::text from lineup_job_tags where tag = 'janitor:1'")
                        .query(String.class)
                        .list())
                .containsExactly(kept);
    }
}
