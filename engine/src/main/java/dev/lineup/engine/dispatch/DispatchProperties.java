package dev.lineup.engine.dispatch;

import dev.lineup.core.job.Priority;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a worker picks its next jobs. Defaults live in {@code lineup-engine.properties}.
 *
 * @param priorities      the priorities this worker takes; a dedicated pool names a few
 *                        ({@code LINEUP_WORKER_PRIORITIES=critical,high})
 * @param lowShare        the largest share of a worker's threads that low jobs may hold
 * @param normalShare     the largest share that normal and low jobs together may hold, so the
 *                        rest stays free for high and critical jobs
 * @param aging           how long a job waits before it counts as one priority higher
 * @param listen          whether to wake idle workers through PostgreSQL LISTEN/NOTIFY
 * @param dueCheckInterval how often the master worker moves scheduled jobs (and retries) that
 *                        fell due into the ready set
 * @param giveUpAfter     how long a job server JobRunr stopped after a storage error waits for
 *                        the database before it gives up and reports the process broken
 */
@Validated
@ConfigurationProperties("lineup.dispatch")
public record DispatchProperties(
        @NotEmpty Set<Priority> priorities,
        @DecimalMin("0.0") @DecimalMax("1.0") double lowShare,
        @DecimalMin("0.0") @DecimalMax("1.0") double normalShare,
        @NotNull Aging aging,
        boolean listen,
        @NotNull Duration dueCheckInterval,
        @NotNull Duration giveUpAfter) {

    /**
     * @param low    after this wait a low job counts as normal; zero turns it off
     * @param normal after this wait a normal job counts as high; zero turns it off
     * @param high   after this wait a high job counts as critical; zero turns it off
     */
    public record Aging(
            @NotNull Duration low,
            @NotNull Duration normal,
            @NotNull Duration high) {

        /** The wait after which a job of this priority counts as the next one up, or null for never. */
        public Duration after(Priority priority) {
            Duration wait =
                    switch (priority) {
                        case LOW -> low;
                        case NORMAL -> normal;
                        case HIGH -> high;
                        case CRITICAL -> Duration.ZERO;
                    };
            return wait.isZero() || wait.isNegative() ? null : wait;
        }
    }

    public DispatchProperties {
        if (normalShare < lowShare) {
            throw new IllegalArgumentException(
                    "lineup.dispatch.normal-share (" + normalShare + ") must be at least lineup.dispatch.low-share ("
                            + lowShare
                            + "): it covers normal and low jobs together. Set LINEUP_WORKER_NORMAL_SHARE or LINEUP_WORKER_LOW_SHARE.");
        }
        priorities = priorities == null || priorities.isEmpty() ? priorities : EnumSet.copyOf(priorities);
    }

    /** Every priority, the default shares and aging: what a worker does unless told otherwise. */
    public static DispatchProperties defaults() {
        return new DispatchProperties(
                EnumSet.allOf(Priority.class),
                0.5,
                0.75,
                new Aging(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO),
                true,
                Duration.ofSeconds(1),
                Duration.ofMinutes(10));
    }
}
