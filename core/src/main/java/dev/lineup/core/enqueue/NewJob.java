package dev.lineup.core.enqueue;

import dev.lineup.core.catalog.LineupJob;
import dev.lineup.core.catalog.Priority;

import java.time.Instant;
import java.util.UUID;

/**
 * A validated job ready to be stored.
 *
 * @param id       its id; derived from the idempotency key when there is one, random otherwise
 * @param payload  the job's record
 * @param priority its queue
 * @param producer who enqueued it
 * @param runAt    when it may start; null or past means now
 */
public record NewJob(UUID id, LineupJob payload, Priority priority, String producer, Instant runAt) {
}
