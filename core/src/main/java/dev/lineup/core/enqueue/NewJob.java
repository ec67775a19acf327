package dev.lineup.core.enqueue;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.LineupJob;
import dev.lineup.core.catalog.Priority;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A validated job ready to be stored.
 *
 * @param id          its id; derived from the idempotency key when there is one, random otherwise
 * @param payload     the job's record
 * @param priority    its queue
 * @param producer    who enqueued it
 * @param runAt       when it may start; null or past means now
 * @param maxAttempts runs in all, retries included; null means the type's policy
 * @param timeout     the longest one run may take; null means the type's
 * @param expiresAt   after this the job must not start; it ends EXPIRED instead. Null: never
 * @param key         the producer's business key for it, unique among its waiting jobs; may be null
 * @param tags        the producer's labels for finding it again, e.g. {@code booking:8812}
 */
public record NewJob(UUID id, LineupJob payload, Priority priority, String producer, Instant runAt,
                     Integer maxAttempts, Duration timeout, Instant expiresAt, String key, List<String> tags) {

    public NewJob {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A job with its type's retry policy and timeout, no deadline, key or tags. */
    public NewJob(UUID id, LineupJob payload, Priority priority, String producer, Instant runAt) {
        this(id, payload, priority, producer, runAt, null, null, null, null, List.of());
    }

    /** Runs in all: the job's own number, else its type's. */
    public int attempts() {
        return maxAttempts != null ? maxAttempts : JobCatalog.of(payload).retry().maxAttempts();
    }

    /** The longest one run may take: the job's own, else its type's. */
    public Duration runTimeout() {
        return timeout != null ? timeout : JobCatalog.of(payload).timeout();
    }
}
