package dev.lineup.core.catalog;

import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;

import java.time.Duration;

/**
 * What Lineup knows about one job type: the stable name producers use on the wire, the record
 * that carries its payload, the priority it gets when the producer names none, how it is retried,
 * how long one run may take, and a sentence for the catalog endpoint.
 *
 * @param timeout      the longest one run may take; a run that takes longer is interrupted and
 *                     retried like any transient failure
 * @param operatorOnly only operators and Lineup's own scheduler may enqueue it, never a producer:
 *                     for jobs that act on every producer's data
 */
public record JobType<J extends LineupJob>(
        String name,
        Class<J> recordClass,
        Priority defaultPriority,
        RetryPolicy retry,
        Duration timeout,
        String description,
        boolean operatorOnly) {

    /** A job type any producer may enqueue. */
    public JobType(
            String name,
            Class<J> recordClass,
            Priority defaultPriority,
            RetryPolicy retry,
            Duration timeout,
            String description) {
        this(name, recordClass, defaultPriority, retry, timeout, description, false);
    }
}
