package dev.lineup.core.run;

import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.server.runner.ThreadLocalJobContext;

/**
 * The one class JobRunr stores as every Lineup job's handler. It lives in the contract, so
 * producers pass JobRunr's enqueue-time check (the handler class must exist where the job is
 * created) without the worker on their classpath. It is a shell: on a worker it hands each job
 * to the {@link Execution} the engine builds from the worker's handlers, which validates the
 * payload, enforces the run timeout and calls the {@link JobHandler} for the job's type.
 *
 * <p>Renaming or moving this class orphans every stored job: it is part of the wire contract.
 */
public class JobRunner implements JobRequestHandler<LineupJob> {

    /** What runs a job on a worker. */
    @FunctionalInterface
    public interface Execution {
        void run(LineupJob job, JobContext context) throws Exception;
    }

    private final Execution execution;

    public JobRunner(Execution execution) {
        this.execution = execution;
    }

    @Override
    public void run(LineupJob job) throws Exception {
        execution.run(job, ThreadLocalJobContext.getJobContext());
    }
}
