package dev.lineup.engine.enqueue;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** {@code lineup_job_keys}: the job each of a producer's business keys names now. */
final class BusinessKeys {

    private final JdbcClient jdbc;

    BusinessKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the key's row until the transaction ends, creating it for {@code newJobId} if the key
     * is new, and returns the job it names: {@code newJobId} for a new key. Enqueues with one key
     * queue up here, so each sees the job the one before it left.
     */
    UUID lock(String producer, String key, UUID newJobId, Instant now) {
        jdbc.sql(
                        "insert into lineup_job_keys (producer, key, job_id, updated_at) values (?, ?, ?, ?) on conflict do nothing")
                .params(producer, key, newJobId, now.atOffset(ZoneOffset.UTC))
                .update();
        return jdbc.sql("select job_id from lineup_job_keys where producer = ? and key = ? for update")
                .params(producer, key)
                .query(UUID.class)
                .single();
    }

    void point(String producer, String key, UUID jobId, Instant now) {
        jdbc.sql("update lineup_job_keys set job_id = ?, updated_at = ? where producer = ? and key = ?")
                .params(jobId, now.atOffset(ZoneOffset.UTC), producer, key)
                .update();
    }
}
