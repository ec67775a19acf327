package dev.lineup.engine.enqueue;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * A validated job ready to be stored.
 *
 * @param id             its id; derived from the idempotency key when there is one, random otherwise
 * @param payload        the job's record
 * @param priority       its queue
 * @param producer       who enqueued it
 * @param runAt          when it may start; null or past means now
 * @param maxAttempts    runs in all, retries included; null means the type's policy
 * @param timeout        the longest one run may take; null means the type's
 * @param expiresAt      after this the job must not start; it ends EXPIRED instead. Null: never
 * @param key            the producer's business key for it, unique among its waiting jobs; may be null
 * @param tags           the producer's labels for finding it again, e.g. {@code booking:8812}; kept once each
 * @param idempotencyKey the producer's key for retrying this enqueue safely; may be null. Remembered in
 *                       Lineup's own table, so a repeat finds the job even after JobRunr removed its row
 * @param replace        whether a waiting job that {@code key} names now is cancelled and replaced by
 *                       this one; without it such a job makes the enqueue fail with {@link KeyConflict}
 */
public record NewJob(
        UUID id,
        LineupJob payload,
        Priority priority,
        String producer,
        Instant runAt,
        Integer maxAttempts,
        Duration timeout,
        Instant expiresAt,
        String key,
        List<String> tags,
        String idempotencyKey,
        boolean replace) {

    public NewJob {
        tags = tags == null ? List.of() : List.copyOf(new LinkedHashSet<>(tags));
    }

    /** A job without an idempotency key, that never replaces another. */
    public NewJob(
            UUID id,
            LineupJob payload,
            Priority priority,
            String producer,
            Instant runAt,
            Integer maxAttempts,
            Duration timeout,
            Instant expiresAt,
            String key,
            List<String> tags) {
        this(id, payload, priority, producer, runAt, maxAttempts, timeout, expiresAt, key, tags, null, false);
    }

    /** A job with its type's retry policy and timeout, no deadline, keys or tags. */
    public NewJob(UUID id, LineupJob payload, Priority priority, String producer, Instant runAt) {
        this(id, payload, priority, producer, runAt, null, null, null, null, List.of());
    }

    /** Runs in all: the job's own number, else its type's. */
    public int attempts() {
        return maxAttempts != null
                ? maxAttempts
                : JobCatalog.of(payload).retry().maxAttempts();
    }

    /** The longest one run may take: the job's own, else its type's. */
    public Duration runTimeout() {
        return timeout != null ? timeout : JobCatalog.of(payload).timeout();
    }
}
