package dev.lineup.core.run;

import dev.lineup.core.catalog.LineupJob;

/**
 * Runs the jobs of one type. One handler per type, registered as a bean in the worker.
 *
 * <p>Delivery is at least once: a job can run again after a crash or a retry, so a handler
 * checks whether its effect already happened before causing it. To retry, throw; to fail at
 * once without retrying (the job goes to dead letters), throw {@link PermanentFailure}.
 */
public interface JobHandler<J extends LineupJob> {

    /** The record this handler runs. */
    Class<J> jobClass();

    void handle(J job, RunContext context) throws Exception;
}
