package dev.lineup.worker.delivery;

import dev.lineup.core.run.RunContext;

import java.time.Instant;
import java.util.Optional;

/**
 * The cluster-wide send rates per provider and per sender. {@link #reserve} takes a slot for
 * one message in every limit that applies to it.
 */
public interface RateLimits {

    /**
     * Reserves the message's slot in each limit, remembering in the run's memo what it
     * reserved, so a job that snoozed for its slot does not reserve again when it comes back.
     *
     * @return empty when the message may go now; otherwise when its slot comes, to snooze until
     */
    Optional<Instant> reserve(Outgoing message, RunContext run);

    /** No limits at all. */
    static RateLimits none() {
        return (message, run) -> Optional.empty();
    }
}
