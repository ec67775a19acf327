package dev.lineup.engine.deadletter;

import java.time.Instant;

/**
 * What one bulk replay did.
 *
 * @param replayed        new jobs made, one per dead letter
 * @param ratePerSecond   at most this many of them become due in any one second
 * @param lastRunAt       when the last of them becomes due; null when none was made
 * @param alreadyReplayed matching dead letters left alone because they were replayed before
 * @param notReplayable   matching dead letters left alone because their stored payload no longer
 *                        reads as a Lineup job; replay each with a corrected payload
 * @param remaining       matching dead letters beyond what one call takes, left for the next call
 */
public record BulkReplay(
        int replayed, int ratePerSecond, Instant lastRunAt, long alreadyReplayed, int notReplayable, long remaining) {}
