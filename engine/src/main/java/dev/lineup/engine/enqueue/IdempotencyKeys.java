package dev.lineup.engine.enqueue;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code lineup_idempotency_keys}: which job a producer's idempotency key named, kept for a
 * window longer than JobRunr keeps job rows (the jobs API forgets older keys).
 */
final class IdempotencyKeys {

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key for the job, or returns the job the key already names. A claim holds the
     * row's lock until the transaction ends, so a simultaneous repeat waits here and then finds
     * the job stored (or, if this transaction fails, claims the key itself).
     */
    Optional<UUID> claim(String producer, String key, UUID jobId, Instant now) {
        while (true) {
            int claimed = jdbc.sql("""
                            insert into lineup_idempotency_keys (producer, key, job_id, created_at) values (?, ?, ?, ?)
                            on conflict do nothing""")
                    .params(producer, key, jobId, now.atOffset(ZoneOffset.UTC))
                    .update();
            if (claimed == 1) return Optional.empty();
            Optional<UUID> named = jdbc.sql("select job_id from lineup_idempotency_keys where producer = ? and key = ?")
                    .params(producer, key)
                    .query(UUID.class)
                    .optional();
            // empty only if the janitor forgot the key in between: claim it again
            if (named.isPresent()) return named;
        }
    }
}
