package dev.lineup.engine.deadletter;

import java.time.Instant;
import java.util.UUID;

/**
 * A dead letter run again as a new job, as {@code lineup_replays} records it.
 *
 * @param replayId   the new job
 * @param originalId the dead letter it replays, which stays FAILED
 * @param replayedBy the producer (or operator) who asked for it
 */
public record Replay(UUID replayId, UUID originalId, String replayedBy, Instant replayedAt) {}
