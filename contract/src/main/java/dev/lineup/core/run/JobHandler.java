package dev.lineup.core.run;

/**
 * Runs the jobs of one type. One handler per type, registered as a bean in the worker.
 *
 * <p>Delivery is at least once: a job can run again after a crash or a retry, so a handler
 * checks whether its effect already happened before causing it. To retry, throw; to fail at
 * once without retrying (the job goes to dead letters), throw {@link PermanentFailure}.
 *
 * <p>A run longer than the job's timeout is interrupted and retried. Wait in ways an interrupt
 * ends (I/O with its own timeouts, {@code InterruptedException}-throwing calls) and let the
 * {@code InterruptedException} propagate: a handler that ignores the interrupt keeps its
 * thread busy until it returns, and its run still counts as timed out.
 */
public interface JobHandler<J extends LineupJob> {

    /** The record this handler runs. */
    Class<J> jobClass();

    void handle(J job, RunContext context) throws Exception;
}
